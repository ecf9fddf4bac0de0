namespace GatewayPersistence.Statistics;

/// <summary>
/// A request to <see cref="IApiRequestStatistics.GetTrendAsync"/>. The window is inclusive at both ends; it defaults to the
/// 24 hours (hourly) or 7 days (daily) ending now.
/// </summary>
/// <param name="From">First instant counted; default <paramref name="To"/> minus 24 hours (hourly) or 7 days (daily).</param>
/// <param name="To">Last instant counted (inclusive); default now.</param>
/// <param name="Interval">Bucket width.</param>
/// <param name="VirtualKeyId">Only requests made with this (existing) virtual key.</param>
/// <param name="ProviderId">Only requests served by this (existing) provider.</param>
/// <param name="Model">Only requests for this model name.</param>
public sealed record TrendQuery(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    TrendInterval Interval = TrendInterval.Hour,
    string? VirtualKeyId = null,
    string? ProviderId = null,
    string? Model = null);
