namespace GatewayPersistence.Repositories;

/// <summary>A health check to record; <c>created_at</c> is set to now.</summary>
public sealed record NewHealthRun
{
    /// <summary>The target checked (must exist).</summary>
    public required string TargetId { get; init; }

    /// <summary>Outcome.</summary>
    public required HealthRunStatus Status { get; init; }

    /// <summary>Latency in milliseconds.</summary>
    public required int LatencyMs { get; init; }

    /// <summary>Kind of error (up to 100 characters).</summary>
    public string? ErrorType { get; init; }

    /// <summary>Error text.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The <c>api_requests</c> id of the check's request.</summary>
    public string? RequestId { get; init; }

    /// <summary>The id to use; a new 21-character id when not given.</summary>
    public string? Id { get; init; }
}
