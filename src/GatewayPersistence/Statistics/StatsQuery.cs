namespace GatewayPersistence.Statistics;

/// <summary>
/// A request to <see cref="IApiRequestStatistics.GetStatsAsync"/>. The window is inclusive at both ends, like the legacy
/// <c>created_at BETWEEN start AND end</c>; it defaults to the 24 hours ending now. Filters are exact matches; null means
/// no filter.
/// </summary>
/// <param name="From">First instant counted; default <paramref name="To"/> minus 24 hours.</param>
/// <param name="To">Last instant counted (inclusive); default now.</param>
/// <param name="VirtualKeyId">Only requests made with this (existing) virtual key.</param>
/// <param name="ProviderId">Only requests served by this (existing) provider.</param>
/// <param name="Model">Only requests for this model name.</param>
public sealed record StatsQuery(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? VirtualKeyId = null,
    string? ProviderId = null,
    string? Model = null);
