namespace GatewayPersistence.Statistics;

/// <summary>One successful request's latency (a row of the legacy <c>getModelResponseTimeStats</c>).</summary>
/// <param name="Model">Model name, or null.</param>
/// <param name="CreatedAt">When the request happened.</param>
/// <param name="ResponseTimeMs">Its response time (positive).</param>
public sealed record ModelResponseTimeSample(string? Model, DateTimeOffset CreatedAt, int ResponseTimeMs);
