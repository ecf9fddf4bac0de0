namespace GatewayPersistence.Repositories;

/// <summary>Health checks of one target in a window.</summary>
/// <param name="Total">Number of runs.</param>
/// <param name="Success">Runs with status <c>success</c>.</param>
/// <param name="Error">Runs with status <c>error</c>.</param>
/// <param name="AverageLatencyMs">Average latency, or null without runs.</param>
/// <param name="MinLatencyMs">Smallest latency, or null without runs.</param>
/// <param name="MaxLatencyMs">Largest latency, or null without runs.</param>
public sealed record HealthRunStats(int Total, int Success, int Error, double? AverageLatencyMs, int? MinLatencyMs, int? MaxLatencyMs);
