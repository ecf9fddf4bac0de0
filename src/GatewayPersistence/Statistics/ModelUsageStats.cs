namespace GatewayPersistence.Statistics;

/// <summary>Usage of one model through one provider (a row of the legacy <c>getModelStats</c>).</summary>
/// <param name="Model">Model name; null for requests without one (an empty name counts as none).</param>
/// <param name="ProviderId">Provider id; null for requests without a (still existing) provider.</param>
/// <param name="ProviderName">The provider's current name, or null.</param>
/// <param name="Requests">Requests.</param>
/// <param name="PromptTokens">Prompt tokens over all requests.</param>
/// <param name="CompletionTokens">Completion tokens over all requests.</param>
/// <param name="TotalTokensIncludingCacheHits">Total tokens over all requests, cache hits included.</param>
/// <param name="AverageResponseTimeMs">Mean response time of the requests that have one; null when none has.</param>
public sealed record ModelUsageStats(
    string? Model,
    string? ProviderId,
    string? ProviderName,
    long Requests,
    long PromptTokens,
    long CompletionTokens,
    long TotalTokensIncludingCacheHits,
    decimal? AverageResponseTimeMs);
