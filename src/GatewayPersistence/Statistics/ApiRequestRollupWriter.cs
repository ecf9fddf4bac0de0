using MySqlConnector;

namespace GatewayPersistence.Statistics;

/// <summary>
/// Upserts the hourly aggregates of freshly inserted rows. The batch is counted in process from the stored values
/// (<see cref="RollupBatch"/>) and sent as one multi-row upsert per rollup, so the server does not read the batch back;
/// a batch holding a status only the server's collation can compare is counted in SQL from the stored rows instead.
/// Both ways rollup rows are touched in primary-key order, so concurrent writers lock them in the same order.
/// </summary>
/// <remarks>
/// A deadlock (error 1213) between concurrent writers still remains possible (InnoDB gap locks of neighbouring new keys)
/// and rolls back the caller's whole transaction: the caller retries the batch, which is safe because the raw insert and
/// this upsert commit or roll back together.
/// </remarks>
internal sealed class ApiRequestRollupWriter : IApiRequestRollupWriter
{
    private static readonly Lazy<Statements> Sql = new(() => new Statements(StatisticsSqlNames.Instance));

    /// <inheritdoc />
    public async Task AddInsertedAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyCollection<ApiRequestRollupRow> inserted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inserted);
        if (inserted.Count == 0)
        {
            return;
        }

        if (RollupBatch.TryCount(inserted, out var batch))
        {
            await UpsertAsync(connection, transaction, batch.Hours, cancellationToken);
            await ApiRequestKeyRollupWriter.UpsertAsync(connection, transaction, batch.KeyHours, cancellationToken);
            return;
        }

        var ids = inserted.Select(row => row.Id).ToList();
        await RollupUpsert.CountedInSqlAsync(connection, transaction, Sql.Value.CountedPrefix, ids, Sql.Value.CountedSuffix, cancellationToken);
        await ApiRequestKeyRollupWriter.AddCountedInSqlAsync(connection, transaction, ids, cancellationToken);
    }

    private static Task UpsertAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyList<ApiRequestHourlyRollup> hours, CancellationToken cancellationToken)
    {
        var statements = Sql.Value;
        return RollupUpsert.ValuesAsync(
            connection, transaction, statements.UpsertPrefix, statements.UpsertSuffix, hours,
            hour => new object[] { hour.HourStart.ToUnixTimeMilliseconds(), hour.VirtualKeyId, hour.ProviderId, hour.Model }
                .Concat(statements.Counters.Select(counter => (object)counter.Value(hour))),
            cancellationToken);
    }

    private sealed class Statements
    {
        public Statements(StatisticsSqlNames n)
        {
            var r = RollupCounters.RawAlias;
            Counters = RollupCounters.ColumnValues(n);
            var insertInto = $"INSERT INTO {n.Rollups} ({n.RollupHourStart}, {n.RollupVirtualKeyId}, {n.RollupProviderId}, {n.RollupModel}, {RollupCounters.Columns(n)})";
            var additions = $"ON DUPLICATE KEY UPDATE\n  {RollupCounters.UpsertAdditions(n)}";
            UpsertPrefix = $"{insertInto}\nVALUES ";
            UpsertSuffix = $"\n{additions}";
            CountedPrefix = $"""
                {insertInto}
                SELECT {RollupCounters.HourStartSql($"{r}.{n.RequestCreatedAt}")},
                  COALESCE({r}.{n.RequestVirtualKeyId}, ''), COALESCE({r}.{n.RequestProviderId}, ''), COALESCE({r}.{n.RequestModel}, ''),
                  {RollupCounters.RawAggregates(n)}
                FROM {n.Requests} {r}
                WHERE {r}.{n.RequestId} IN (
                """;
            CountedSuffix = $"""
                )
                GROUP BY 1, 2, 3, 4
                ORDER BY 1, 2, 3, 4
                {additions}
                """;
        }

        public IReadOnlyList<(string Column, Func<ApiRequestHourlyRollup, long> Value)> Counters { get; }

        public string UpsertPrefix { get; }

        public string UpsertSuffix { get; }

        public string CountedPrefix { get; }

        public string CountedSuffix { get; }
    }
}
