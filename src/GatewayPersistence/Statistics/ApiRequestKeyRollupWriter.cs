using System.Text;
using MySqlConnector;

namespace GatewayPersistence.Statistics;

/// <summary>
/// Maintains <c>api_request_key_hourly_rollups</c> (the trend's counters per virtual key × hour) next to the hourly
/// rollup: the request-log writer's upsert of freshly inserted rows and the backfill's rebuild of a range of hours
/// both call it inside their transaction, so the two rollups always hold the same rows. The counters are computed in
/// SQL with the hourly rollup's own aggregates (<see cref="RollupCounters.RawAggregateOf"/>).
/// </summary>
internal static class ApiRequestKeyRollupWriter
{
    private static readonly Lazy<Statements> Sql = new(() => new Statements(StatisticsSqlNames.Instance));

    /// <summary>Adds the rows with <paramref name="insertedIds"/> (inserted by <paramref name="transaction"/>) to their key-hours.</summary>
    public static async Task AddInsertedAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyCollection<string> insertedIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(insertedIds);
        if (insertedIds.Count == 0)
        {
            return;
        }

        await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
        var sql = new StringBuilder(Sql.Value.UpsertPrefix);
        var index = 0;
        foreach (var id in insertedIds)
        {
            var name = $"@id{index}";
            sql.Append(index == 0 ? name : ", " + name);
            command.Parameters.AddWithValue(name, id);
            index++;
        }

        command.CommandText = sql.Append(Sql.Value.UpsertSuffix).ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

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
            UpsertPrefix = $"{insertInto}\n{select}\nWHERE {r}.{n.RequestId} IN (";
            UpsertSuffix = $")\n{groupAndOrder}\nON DUPLICATE KEY UPDATE\n  "
                + string.Join(",\n  ", counters.Select(c => $"{n.KeyRollups}.{c.KeyColumn} = {n.KeyRollups}.{c.KeyColumn} + VALUES({c.KeyColumn})"));
            DeleteRange = $"DELETE FROM {n.KeyRollups} WHERE {n.KeyRollupHourStart} >= @from AND {n.KeyRollupHourStart} < @to";
            InsertRange = $"{insertInto}\n{select}\nWHERE {r}.{n.RequestCreatedAt} >= @from AND {r}.{n.RequestCreatedAt} < @to\n{groupAndOrder}";
        }

        public string UpsertPrefix { get; }

        public string UpsertSuffix { get; }

        public string DeleteRange { get; }

        public string InsertRange { get; }
    }
}
