namespace GatewayPersistence.Rollups;

/// <summary>What a rollup backfill did.</summary>
/// <param name="From">First hour rebuilt.</param>
/// <param name="To">End of the last hour rebuilt (exclusive).</param>
/// <param name="HoursProcessed">Hours rebuilt.</param>
/// <param name="RowsProcessed">Raw rows aggregated.</param>
/// <param name="Chunks">Transactions committed.</param>
public sealed record RollupBackfillResult(DateTimeOffset From, DateTimeOffset To, long HoursProcessed, long RowsProcessed, int Chunks);
