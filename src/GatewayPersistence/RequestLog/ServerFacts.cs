namespace GatewayPersistence.RequestLog;

/// <summary>
/// What the server says about itself that shapes the write path: the largest packet it accepts (which caps a
/// statement), and whether <c>total_tokens</c> is a plain column the pipeline fills (adopted older databases) rather
/// than a generated one, and whether it is a Galera node (where a read must ask for causal consistency to see what
/// another node committed).
/// </summary>
/// <param name="MaxAllowedPacket">The server's <c>max_allowed_packet</c>.</param>
/// <param name="TotalTokensIsPlain">Whether the database's <c>total_tokens</c> is a plain (writable) column.</param>
/// <param name="IsGaleraNode">Whether <c>wsrep_on</c> is ON (MariaDB Galera, Percona XtraDB Cluster).</param>
internal sealed record ServerFacts(long MaxAllowedPacket, bool TotalTokensIsPlain, bool IsGaleraNode);
