namespace GatewayPersistence.Entities;

/// <summary>
/// Aggregates of <c>api_requests</c> per hour × virtual key × provider × model (table <c>api_request_hourly_rollups</c>),
/// kept in step with the raw rows by the request-log writer so statistics over months read hours, not rows.
/// An empty string stands for NULL in the key columns, as the legacy daily summaries did, so the primary key is total.
/// </summary>
public class ApiRequestHourlyRollup
{
    /// <summary>Start of the hour (UTC), as the hour's first epoch millisecond.</summary>
    public DateTimeOffset HourStart { get; set; }

    /// <summary>Virtual key id as written on the rows, or empty for none.</summary>
    public string VirtualKeyId { get; set; } = "";

    /// <summary>Provider id as written on the rows, or empty for none.</summary>
    public string ProviderId { get; set; } = "";

    /// <summary>Model name, or empty for none.</summary>
    public string Model { get; set; } = "";

    /// <summary>Rows.</summary>
    public long RequestCount { get; set; }

    /// <summary>Rows with <c>status='success'</c>.</summary>
    public long SuccessCount { get; set; }

    /// <summary>Rows with <c>status='error'</c>.</summary>
    public long ErrorCount { get; set; }

    /// <summary>Sum of prompt tokens over all rows.</summary>
    public long PromptTokens { get; set; }

    /// <summary>Sum of completion tokens over all rows.</summary>
    public long CompletionTokens { get; set; }

    /// <summary>Sum of total tokens over all rows (the trend's token count).</summary>
    public long TotalTokens { get; set; }

    /// <summary>Sum of cached tokens over all rows.</summary>
    public long CachedTokens { get; set; }

    /// <summary>Sum of prompt tokens over rows that were not cache hits (the stats' token count).</summary>
    public long UncachedPromptTokens { get; set; }

    /// <summary>Sum of completion tokens over rows that were not cache hits.</summary>
    public long UncachedCompletionTokens { get; set; }

    /// <summary>Sum of total tokens over rows that were not cache hits.</summary>
    public long UncachedTotalTokens { get; set; }

    /// <summary>Rows with <c>cache_hit=1</c>.</summary>
    public long CacheHitCount { get; set; }

    /// <summary>Rows with <c>cached_tokens&gt;0</c>.</summary>
    public long PromptCacheHitCount { get; set; }

    /// <summary>Sum of non-null response times (ms).</summary>
    public long ResponseTimeSum { get; set; }

    /// <summary>Rows with a non-null response time.</summary>
    public long ResponseTimeCount { get; set; }
}
