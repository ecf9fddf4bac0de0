using MySqlConnector;

namespace GatewayPersistence.Statistics;

/// <summary>
/// Keeps <c>api_request_hourly_rollups</c> in step with <c>api_requests</c>. The request-log writer calls it inside the
/// transaction that inserted the rows, with exactly the ids that transaction inserted, so the rollup is never ahead of or
/// behind the raw rows and a retried batch (whose rows already exist) adds nothing.
/// </summary>
public interface IApiRequestRollupWriter
{
    /// <summary>Adds the aggregates of the rows with <paramref name="insertedIds"/> to their hours.</summary>
    /// <param name="connection">The open connection of the inserting transaction.</param>
    /// <param name="transaction">The inserting transaction.</param>
    /// <param name="insertedIds">Ids of the rows this transaction inserted (none already present before it).</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    Task AddInsertedAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyCollection<string> insertedIds, CancellationToken cancellationToken);
}
