using MySqlConnector;

namespace GatewayPersistence.Statistics;

/// <summary>
/// Maintains <c>api_request_key_hourly_rollups</c> (the trend's counters per virtual key × hour) next to the hourly
/// rollup: the request-log writer's upsert of freshly inserted rows (counted in process by <see cref="RollupBatch"/>, or
/// in SQL) and the backfill's rebuild of a range of hours both call it inside their transaction, so the two rollups
/// always hold the same rows. In SQL the counters use the hourly rollup's own aggregates
/// (<see cref="RollupCounters.RawAggregateOf"/>).
/// </summary>
internal static class ApiRequestKeyRollupWriter
{
    private static readonly Lazy<Statements> Sql = new(() => new Statements(StatisticsSqlNames.Instance));

    /// <summary>Upserts key-hour deltas counted in process, given in primary-key order.</summary>
    public static Task UpsertAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyList<ApiRequestKeyHourlyRollup> keyHours, CancellationToken cancellationToken)
        => RollupUpsert.ValuesAsync(
            connection, transaction, Sql.Value.UpsertPrefix, Sql.Value.UpsertSuffix, keyHours,
            k => [k.VirtualKeyId, k.HourStart.ToUnixTimeMilliseconds(), k.RequestCount, k.SuccessCount, k.ErrorCount, k.TotalTokens],
            cancellationToken);

    /// <summary>Adds the rows with <paramref name="insertedIds"/> (inserted by <paramref name="transaction"/>), counted in SQL.</summary>
    public static Task AddCountedInSqlAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyList<string> insertedIds, CancellationToken cancellationToken)
        => RollupUpsert.CountedInSqlAsync(connection, transaction, Sql.Value.CountedPrefix, insertedIds, Sql.Value.CountedSuffix, cancellationToken);

    /// <summary>
    /// Replaces the key-hours of <c>[from, to)</c> (whole hours) by the aggregates of the raw rows; the caller holds the
    /// raw rows of the range locked in the same transaction.
    /// </summary>
    public static async Task RebuildAsync(
        MySqlConnection connection, MySqlTransaction transaction, long from, long to, CancellationToken cancellationToken)
    {
        foreach (var statement in new[] { Sql.Value.DeleteRange, Sql.Value.InsertRange })
        {
            await using var command = new MySqlCommand(statement, connection, transaction) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("@from", from);
            command.Parameters.AddWithValue("@to", to);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private sealed class Statements
    {
        public Statements(StatisticsSqlNames n)
        {
            var r = RollupCounters.RawAlias;
            (string KeyColumn, string RollupColumn)[] counters =
            [
                (n.KeyRollupRequestCount, n.RollupRequestCount),
                (n.KeyRollupSuccessCount, n.RollupSuccessCount),
                (n.KeyRollupErrorCount, n.RollupErrorCount),
                (n.KeyRollupTotalTokens, n.RollupTotalTokens),
            ];
            var insertInto = $"INSERT INTO {n.KeyRollups} ({n.KeyRollupVirtualKeyId}, {n.KeyRollupHourStart}, "
                + string.Join(", ", counters.Select(c => c.KeyColumn)) + ")";
            var select = $"SELECT COALESCE({r}.{n.RequestVirtualKeyId}, ''), "
                + $"{RollupCounters.HourStartSql($"{r}.{n.RequestCreatedAt}")},\n  "
                + string.Join(",\n  ", counters.Select(c => RollupCounters.RawAggregateOf(n, c.RollupColumn)))
                + $"\nFROM {n.Requests} {r}";

            // Primary-key order (key, hour), so concurrent writers lock key-hours in the same order.
            const string groupAndOrder = "GROUP BY 1, 2\nORDER BY 1, 2";
            var additions = "ON DUPLICATE KEY UPDATE\n  "
                + string.Join(",\n  ", counters.Select(c => $"{n.KeyRollups}.{c.KeyColumn} = {n.KeyRollups}.{c.KeyColumn} + VALUES({c.KeyColumn})"));
            UpsertPrefix = $"{insertInto}\nVALUES ";
            UpsertSuffix = $"\n{additions}";
            CountedPrefix = $"{insertInto}\n{select}\nWHERE {r}.{n.RequestId} IN (";
            CountedSuffix = $")\n{groupAndOrder}\n{additions}";
            DeleteRange = $"DELETE FROM {n.KeyRollups} WHERE {n.KeyRollupHourStart} >= @from AND {n.KeyRollupHourStart} < @to";
            InsertRange = $"{insertInto}\n{select}\nWHERE {r}.{n.RequestCreatedAt} >= @from AND {r}.{n.RequestCreatedAt} < @to\n{groupAndOrder}";
        }

        public string UpsertPrefix { get; }

        public string UpsertSuffix { get; }

        public string CountedPrefix { get; }

        public string CountedSuffix { get; }

        public string DeleteRange { get; }

        public string InsertRange { get; }
    }
}
