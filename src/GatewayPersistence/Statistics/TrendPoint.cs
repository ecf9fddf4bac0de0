namespace GatewayPersistence.Statistics;

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
