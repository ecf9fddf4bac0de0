namespace GatewayPersistence.Entities;

/// <summary>One proxied request (table <c>api_requests</c>), by far the largest table.</summary>
public class ApiRequest
{
    /// <summary>Application-generated id; writes are idempotent on it.</summary>
    public string Id { get; set; } = "";

    /// <summary>The virtual key used; null when none, or after the key was deleted.</summary>
    public string? VirtualKeyId { get; set; }

    /// <summary>The provider that served the request; null after the provider was deleted.</summary>
    public string? ProviderId { get; set; }

    /// <summary>Model name asked for.</summary>
    public string? Model { get; set; }

    /// <summary>Prompt tokens reported by the upstream.</summary>
    public int? PromptTokens { get; set; } = 0;

    /// <summary>Completion tokens reported by the upstream.</summary>
    public int? CompletionTokens { get; set; } = 0;

    /// <summary>
    /// Prompt plus completion tokens. A STORED generated column on new databases (read-only there);
    /// a plain column on adopted older ones, where the request-log writer fills it.
    /// </summary>
    public int? TotalTokens { get; set; }

    /// <summary>Prompt tokens served from the upstream's prompt cache.</summary>
    public int? CachedTokens { get; set; } = 0;

    /// <summary><c>success</c> or <c>error</c> in practice.</summary>
    public string? Status { get; set; }

    /// <summary>Total response time in milliseconds.</summary>
    public int? ResponseTime { get; set; }

    /// <summary>Time to first token in milliseconds.</summary>
    public int? TfftMs { get; set; }

    /// <summary>Time to first byte in milliseconds.</summary>
    public int? TffbMs { get; set; }

    /// <summary>Error text, cut to the configured byte limit.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>Request body, cut to the configured byte limit.</summary>
    public string? RequestBody { get; set; }

    /// <summary>Response body, cut to the configured byte limit.</summary>
    public string? ResponseBody { get; set; }

    /// <summary>Request parameters as JSON.</summary>
    public string? RequestParamsJson { get; set; }

    /// <summary>Response metadata as JSON.</summary>
    public string? ResponseMetaJson { get; set; }

    /// <summary>Whether the gateway answered from its response cache.</summary>
    public bool CacheHit { get; set; }

    /// <summary>Kind of request (<c>chat</c> by default).</summary>
    public string? RequestType { get; set; } = "chat";

    /// <summary>Prompt tokens before compression.</summary>
    public int? CompressionOriginalTokens { get; set; }

    /// <summary>Prompt tokens saved by compression.</summary>
    public int? CompressionSavedTokens { get; set; }

    /// <summary>Client IP address (up to 45 characters).</summary>
    public string? Ip { get; set; }

    /// <summary>Client user agent (up to 500 characters).</summary>
    public string? UserAgent { get; set; }

    /// <summary>When the request happened.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
