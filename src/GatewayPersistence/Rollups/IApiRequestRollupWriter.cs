using MySqlConnector;

namespace GatewayPersistence.Rollups;

/// <summary>
/// Keeps <c>api_request_hourly_rollups</c> (and the key-hour rollup) in step with <c>api_requests</c>. The request-log
/// writer calls it inside the transaction that inserted the rows, with exactly the rows that transaction inserted, so
/// the rollup is never ahead of or behind the raw rows and a retried batch (whose rows already exist) adds nothing.
/// </summary>
internal interface IApiRequestRollupWriter
{
    /// <summary>Adds the aggregates of <paramref name="inserted"/> to their hours.</summary>
    /// <param name="connection">The open connection of the inserting transaction.</param>
    /// <param name="transaction">The inserting transaction.</param>
    /// <param name="inserted">The rows this transaction inserted (none present before it), with their stored values.</param>
    /// <param name="commandTimeoutSeconds">The command timeout of each statement (the request log's, like the insert's).</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    Task AddInsertedAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyCollection<ApiRequestRollupRow> inserted, int commandTimeoutSeconds,
        CancellationToken cancellationToken);
}
