namespace GatewayPersistence.RequestLog;

/// <summary>Settings of the request-log pipeline (section <c>GatewayPersistence:RequestLog</c>).</summary>
public sealed class RequestLogOptions
{
    /// <summary>Capacity of the in-memory queue, in records.</summary>
    public int QueueCapacity { get; set; } = 100_000;

    /// <summary>A batch is written as soon as this many records wait.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>A batch is written at the latest this long after its oldest record arrived.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Byte limit (UTF-8) of request body, response body and error message, marker included.</summary>
    public int BodyByteLimit { get; set; } = 5_000;
}
