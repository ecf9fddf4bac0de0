namespace GatewayPersistence.Benchmarks;

/// <summary>Client CPU ms per 1,000 rows of each step (see <see cref="ClientWork"/>).</summary>
internal sealed record ClientWorkResult(double PrepareMsPer1K, double DistinctIdsMsPer1K, double RollupCountMsPer1K);
