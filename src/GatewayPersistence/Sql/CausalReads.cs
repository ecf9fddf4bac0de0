using MySqlConnector;

namespace GatewayPersistence.Sql;

/// <summary>
/// Causal reads on a Galera node: a node applies other nodes' write sets asynchronously, so a plain read may not yet
/// see a transaction another node has committed (for example one whose acknowledgement was lost when that node died).
/// <c>wsrep_sync_wait</c> makes the node catch up first. Elsewhere (one server, MySQL, a replica) there is nothing to do.
/// </summary>
internal static class CausalReads
{
    /// <summary>Whether the server of <paramref name="connection"/> is a Galera node (<c>wsrep_on</c> is ON).</summary>
    public static async Task<bool> IsGaleraNodeAsync(MySqlConnection connection, CancellationToken cancellationToken)
        // A server built without wsrep (MySQL) has no such variable.
        => string.Equals(await ServerVariables.ValueAsync(connection, "wsrep_on", cancellationToken), "ON", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Makes the reads of this session (until the pool resets it) wait until the node has applied every transaction
    /// committed anywhere in the cluster before they began (<c>wsrep_sync_wait</c> bit 1: reads and BEGIN).
    /// </summary>
    public static async Task EnableAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SET SESSION wsrep_sync_wait = 1", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
