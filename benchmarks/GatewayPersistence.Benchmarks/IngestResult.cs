namespace GatewayPersistence.Benchmarks;

/// <summary>
/// The best run of one path, with the 1-minute load average before its first run and after its last (interleaved: around
/// its best run).
/// </summary>
internal sealed record IngestResult(
    string Name, double RowsPerSecond, double? CpuMsPer1K, double? LoadBefore, double? LoadAfter, CostSplit? Split, double? ServerCpuMsPer1K);
