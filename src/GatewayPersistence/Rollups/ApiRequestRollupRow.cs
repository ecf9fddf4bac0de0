namespace GatewayPersistence.Rollups;

/// <summary>
/// The stored values of one inserted <c>api_requests</c> row that the hourly rollups count: what the server holds after
/// every cut and foreign-key nulling, not what the gateway handed in.
/// </summary>
/// <param name="Id">The row's id (the rollup writer re-reads rows by id when it cannot count them itself).</param>
/// <param name="CreatedAt"><c>created_at</c>, epoch milliseconds.</param>
/// <param name="VirtualKeyId"><c>virtual_key_id</c>.</param>
/// <param name="ProviderId"><c>provider_id</c>.</param>
/// <param name="Model"><c>model</c>.</param>
/// <param name="Status"><c>status</c>.</param>
/// <param name="PromptTokens"><c>prompt_tokens</c>.</param>
/// <param name="CompletionTokens"><c>completion_tokens</c>.</param>
/// <param name="TotalTokens"><c>total_tokens</c> as stored (for a generated column: prompt + completion, NULL when either is).</param>
/// <param name="CachedTokens"><c>cached_tokens</c>.</param>
/// <param name="CacheHit"><c>cache_hit</c>.</param>
/// <param name="ResponseTime"><c>response_time</c>.</param>
internal readonly record struct ApiRequestRollupRow(
    string Id,
    long CreatedAt,
    string? VirtualKeyId,
    string? ProviderId,
    string? Model,
    string? Status,
    int? PromptTokens,
    int? CompletionTokens,
    long? TotalTokens,
    int? CachedTokens,
    bool CacheHit,
    int? ResponseTime);
