namespace GatewayPersistence.RequestLog;

/// <summary>
/// What the gateway logs for one proxied request: one future <c>api_requests</c> row. Handed to
/// <c>IApiRequestLog.Enqueue</c>; the pipeline bounds every string before writing.
/// </summary>
public sealed record ApiRequestRecord
{
    /// <summary>Application-generated id (up to 255 characters); writes are idempotent on it.</summary>
    public required string Id { get; init; }

    /// <summary>When the request happened: this, not the flush time, is stored.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The virtual key used, if any.</summary>
    public string? VirtualKeyId { get; init; }

    /// <summary>The provider that served the request, if any.</summary>
    public string? ProviderId { get; init; }

    /// <summary>Model name asked for.</summary>
    public string? Model { get; init; }

    /// <summary>Prompt tokens.</summary>
    public int PromptTokens { get; init; }

    /// <summary>Completion tokens.</summary>
    public int CompletionTokens { get; init; }

    /// <summary>Prompt tokens served from the upstream's prompt cache.</summary>
    public int CachedTokens { get; init; }

    /// <summary><c>success</c> or <c>error</c>.</summary>
    public string? Status { get; init; }

    /// <summary>Total response time in milliseconds (0 is stored as 0).</summary>
    public int? ResponseTimeMs { get; init; }

    /// <summary>Time to first token in milliseconds.</summary>
    public int? TfftMs { get; init; }

    /// <summary>Time to first byte in milliseconds.</summary>
    public int? TffbMs { get; init; }

    /// <summary>Error text (cut to the configured byte limit).</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Request body (cut to the configured byte limit).</summary>
    public string? RequestBody { get; init; }

    /// <summary>Response body (cut to the configured byte limit).</summary>
    public string? ResponseBody { get; init; }

    /// <summary>Request parameters as a JSON document.</summary>
    public string? RequestParamsJson { get; init; }

    /// <summary>Response metadata as a JSON document.</summary>
    public string? ResponseMetaJson { get; init; }

    /// <summary>Whether the gateway answered from its response cache.</summary>
    public bool CacheHit { get; init; }

    /// <summary>Kind of request (<c>chat</c> by default).</summary>
    public string? RequestType { get; init; } = "chat";

    /// <summary>Prompt tokens before compression.</summary>
    public int? CompressionOriginalTokens { get; init; }

    /// <summary>Prompt tokens saved by compression.</summary>
    public int? CompressionSavedTokens { get; init; }

    /// <summary>Client IP address (cut to 45 characters).</summary>
    public string? Ip { get; init; }

    /// <summary>Client user agent (cut to 500 characters).</summary>
    public string? UserAgent { get; init; }
}
