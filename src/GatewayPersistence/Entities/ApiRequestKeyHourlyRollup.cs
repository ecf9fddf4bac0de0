namespace GatewayPersistence.Entities;

/// <summary>
/// The trend's counters of <c>api_requests</c> per virtual key × hour (table <c>api_request_key_hourly_rollups</c>): a
/// narrower companion of <see cref="ApiRequestHourlyRollup"/> with one row per key and hour instead of one per key,
/// provider and model, keyed key first, so a trend without a provider or model filter reads each key's hours in order.
/// Kept in step with the raw rows by the same transactions as the hourly rollup; an empty string stands for NULL.
/// </summary>
public class ApiRequestKeyHourlyRollup
{
    /// <summary>Virtual key id as written on the rows, or empty for none.</summary>
    public string VirtualKeyId { get; set; } = "";

    /// <summary>Start of the hour (UTC), as the hour's first epoch millisecond.</summary>
    public DateTimeOffset HourStart { get; set; }

    /// <summary>Rows.</summary>
    public long RequestCount { get; set; }

    /// <summary>Rows with <c>status='success'</c>.</summary>
    public long SuccessCount { get; set; }

    /// <summary>Rows with <c>status='error'</c>.</summary>
    public long ErrorCount { get; set; }

    /// <summary>Sum of total tokens over all rows, cache hits included (the trend's token count).</summary>
    public long TotalTokens { get; set; }
}
