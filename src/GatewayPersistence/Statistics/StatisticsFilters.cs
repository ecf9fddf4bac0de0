namespace GatewayPersistence.Statistics;

/// <summary>Exact-match filters of a statistics query; null means no filter.</summary>
internal sealed record StatisticsFilters(string? VirtualKeyId, string? ProviderId, string? Model);
