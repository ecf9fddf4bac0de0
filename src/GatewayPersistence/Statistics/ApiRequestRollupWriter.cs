using System.Text;
using MySqlConnector;

namespace GatewayPersistence.Statistics;

/// <summary>
/// Upserts the hourly aggregates of freshly inserted rows, computed in SQL from the stored rows (so truncation and
/// foreign-key nulling already applied), in primary-key order so concurrent writers lock rollup rows in the same order.
/// </summary>
/// <remarks>
/// A deadlock (error 1213) between concurrent writers still remains possible (InnoDB gap locks of neighbouring new keys)
/// and rolls back the caller's whole transaction: the caller retries the batch, which is safe because the raw insert and
/// this upsert commit or roll back together.
/// </remarks>
internal sealed class ApiRequestRollupWriter : IApiRequestRollupWriter
{
    private readonly string upsertPrefix;
    private readonly string upsertSuffix;

    public ApiRequestRollupWriter()
    {
        var n = StatisticsSqlNames.Instance;
        var r = RollupCounters.RawAlias;
        upsertPrefix = $"""
            INSERT INTO {n.Rollups} ({n.RollupHourStart}, {n.RollupVirtualKeyId}, {n.RollupProviderId}, {n.RollupModel}, {RollupCounters.Columns(n)})
            SELECT {RollupCounters.HourStartSql($"{r}.{n.RequestCreatedAt}")},
              COALESCE({r}.{n.RequestVirtualKeyId}, ''), COALESCE({r}.{n.RequestProviderId}, ''), COALESCE({r}.{n.RequestModel}, ''),
              {RollupCounters.RawAggregates(n)}
            FROM {n.Requests} {r}
            WHERE {r}.{n.RequestId} IN (
            """;
        upsertSuffix = $"""
            )
            GROUP BY 1, 2, 3, 4
            ORDER BY 1, 2, 3, 4
            ON DUPLICATE KEY UPDATE
              {RollupCounters.UpsertAdditions(n)}
            """;
    }

    /// <inheritdoc />
    public async Task AddInsertedAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyCollection<string> insertedIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(insertedIds);
        if (insertedIds.Count == 0)
        {
            return;
        }

        await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
        var sql = new StringBuilder(upsertPrefix);
        var index = 0;
        foreach (var id in insertedIds)
        {
            var name = $"@id{index}";
            sql.Append(index == 0 ? name : ", " + name);
            command.Parameters.AddWithValue(name, id);
            index++;
        }

        command.CommandText = sql.Append(upsertSuffix).ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
        await ApiRequestKeyRollupWriter.AddInsertedAsync(connection, transaction, insertedIds, cancellationToken);
    }
}
