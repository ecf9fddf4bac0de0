namespace GatewayPersistence.Statistics;

/// <summary>Totals of the visible requests of a window (the legacy <c>getStats</c>).</summary>
/// <param name="From">First instant counted.</param>
/// <param name="To">Last instant counted (inclusive).</param>
/// <param name="TotalRequests">Requests.</param>
/// <param name="SuccessfulRequests">Requests with <c>status='success'</c>.</param>
/// <param name="FailedRequests">Requests with <c>status='error'</c> (other statuses count in neither).</param>
/// <param name="PromptTokensExcludingCacheHits">Prompt tokens of requests that were not cache hits.</param>
/// <param name="CompletionTokensExcludingCacheHits">Completion tokens of requests that were not cache hits.</param>
/// <param name="TotalTokensExcludingCacheHits">Total tokens of requests that were not cache hits.</param>
/// <param name="CachedTokens">Prompt tokens served from the upstream's prompt cache, over all requests.</param>
/// <param name="AverageResponseTimeMs">Mean response time of the requests that have one; null when none has.</param>
/// <param name="CacheHits">Requests answered from the gateway's cache (<c>cache_hit=1</c>).</param>
/// <param name="PromptCacheHits">Requests with <c>cached_tokens &gt; 0</c>.</param>
public sealed record ApiRequestStats(
    DateTimeOffset From,
    DateTimeOffset To,
    long TotalRequests,
    long SuccessfulRequests,
    long FailedRequests,
    long PromptTokensExcludingCacheHits,
    long CompletionTokensExcludingCacheHits,
    long TotalTokensExcludingCacheHits,
    long CachedTokens,
    decimal? AverageResponseTimeMs,
    long CacheHits,
    long PromptCacheHits);
