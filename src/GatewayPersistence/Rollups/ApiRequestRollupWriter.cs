using MySqlConnector;

namespace GatewayPersistence.Rollups;

/// <summary>
/// Upserts the hourly aggregates of freshly inserted rows into both rollups. The batch is counted in process
/// (<see cref="RollupBatch"/>) and sent as one multi-row upsert per rollup, so the server does not read the batch back;
/// a batch holding a status only the server's collation can compare is counted in SQL from the stored rows instead.
/// </summary>
/// <remarks>
/// A deadlock (error 1213) between concurrent writers still remains possible (InnoDB gap locks of neighbouring new keys)
/// and rolls back the caller's whole transaction: the caller retries the batch, which is safe because the raw insert and
/// this upsert commit or roll back together.
/// </remarks>
internal sealed class ApiRequestRollupWriter(HourlyRollupTable hourly, KeyHourlyRollupTable keyHourly) : IApiRequestRollupWriter
{
    /// <inheritdoc />
    public async Task AddInsertedAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyCollection<ApiRequestRollupRow> inserted, int commandTimeoutSeconds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inserted);
        if (inserted.Count == 0)
        {
            return;
        }

        if (RollupBatch.TryCount(inserted, out var batch))
        {
            await hourly.UpsertAsync(connection, transaction, batch.Hours, commandTimeoutSeconds, cancellationToken);
            await keyHourly.UpsertAsync(connection, transaction, batch.KeyHours, commandTimeoutSeconds, cancellationToken);
            return;
        }

        var ids = inserted.Select(row => row.Id).ToList();
        await hourly.AddCountedInSqlAsync(connection, transaction, ids, commandTimeoutSeconds, cancellationToken);
        await keyHourly.AddCountedInSqlAsync(connection, transaction, ids, commandTimeoutSeconds, cancellationToken);
    }
}
