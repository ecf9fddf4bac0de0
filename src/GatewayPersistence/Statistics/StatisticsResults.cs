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

/// <summary>One bucket of a trend series.</summary>
/// <param name="BucketStart">First instant of the bucket.</param>
/// <param name="Requests">Requests.</param>
/// <param name="SuccessfulRequests">Requests with <c>status='success'</c>.</param>
/// <param name="FailedRequests">Requests with <c>status='error'</c>.</param>
/// <param name="TotalTokensIncludingCacheHits">
/// Sum of <c>total_tokens</c> over all requests, cache hits included (unlike <see cref="ApiRequestStats"/>).
/// </param>
public sealed record TrendPoint(
    DateTimeOffset BucketStart, long Requests, long SuccessfulRequests, long FailedRequests, long TotalTokensIncludingCacheHits);

/// <summary>The trend of one virtual key: a point for every bucket of the window, zeros where it had no request.</summary>
/// <param name="VirtualKeyId">The key's id; null for requests without a (still existing) key.</param>
/// <param name="VirtualKeyName">The key's current name; <c>unknown</c> when <paramref name="VirtualKeyId"/> is null.</param>
/// <param name="Points">One point per bucket, ascending.</param>
public sealed record TrendSeries(string? VirtualKeyId, string VirtualKeyName, IReadOnlyList<TrendPoint> Points);

/// <summary>The legacy <c>getTrend</c>: per-key series over every bucket of the window.</summary>
/// <param name="From">First instant counted.</param>
/// <param name="To">Last instant counted (inclusive).</param>
/// <param name="Interval">Bucket width.</param>
/// <param name="BucketStarts">Every bucket start from the one holding From through the one holding To.</param>
/// <param name="Series">One series per key with visible requests in the window, by key id, the null key last.</param>
public sealed record ApiRequestTrend(
    DateTimeOffset From, DateTimeOffset To, TrendInterval Interval, IReadOnlyList<DateTimeOffset> BucketStarts, IReadOnlyList<TrendSeries> Series)
{
    /// <summary>Name reported for requests without a (still existing) virtual key.</summary>
    public const string UnknownKeyName = "unknown";
}

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

/// <summary>One successful request's latency (a row of the legacy <c>getModelResponseTimeStats</c>).</summary>
/// <param name="Model">Model name, or null.</param>
/// <param name="CreatedAt">When the request happened.</param>
/// <param name="ResponseTimeMs">Its response time (positive).</param>
public sealed record ModelResponseTimeSample(string? Model, DateTimeOffset CreatedAt, int ResponseTimeMs);
