namespace GatewayPersistence.RequestLog;

/// <summary>
/// What the server says about itself that shapes the write path: the largest packet it accepts (which caps a
/// statement), and whether <c>total_tokens</c> is a plain column the pipeline fills (adopted older databases) rather
/// than a generated one, whether it is a Galera node (where a read must ask for causal consistency to see what
/// another node committed), and whether it is a Group Replication member.
/// </summary>
/// <param name="MaxAllowedPacket">The server's <c>max_allowed_packet</c>.</param>
/// <param name="TotalTokensIsPlain">Whether the database's <c>total_tokens</c> is a plain (writable) column.</param>
/// <param name="IsGaleraNode">Whether <c>wsrep_on</c> is ON (MariaDB Galera, Percona XtraDB Cluster).</param>
/// <param name="IsGroupReplicationMember">Whether <c>group_replication_group_name</c> is set (MySQL Group Replication, InnoDB Cluster).</param>
internal sealed record ServerFacts(long MaxAllowedPacket, bool TotalTokensIsPlain, bool IsGaleraNode, bool IsGroupReplicationMember)
{
    /// <summary>
    /// Whether the rows must go through the server's own foreign-key check even when the batch proved its references:
    /// on a certifying cluster that check is what puts the parent keys into the write set, so that a child insert and
    /// a parent deleted on another member conflict; the batch's share locks stay on their own member.
    /// </summary>
    public bool ReferencesNeedServerCheck => IsGaleraNode || IsGroupReplicationMember;
}
