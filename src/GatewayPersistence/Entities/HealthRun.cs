namespace GatewayPersistence.Entities;

/// <summary>One health check of a target (table <c>health_runs</c>).</summary>
public class HealthRun
{
    /// <summary>Application-generated id.</summary>
    public string Id { get; set; } = "";

    /// <summary>The target checked; runs are deleted with their target.</summary>
    public string TargetId { get; set; } = "";

    /// <summary>Outcome.</summary>
    public HealthRunStatus Status { get; set; }

    /// <summary>Latency in milliseconds.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Kind of error (up to 100 characters).</summary>
    public string? ErrorType { get; set; }

    /// <summary>Error text.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>The <c>api_requests</c> id of the check's request (no foreign key).</summary>
    public string? RequestId { get; set; }

    /// <summary>When the check ran.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
