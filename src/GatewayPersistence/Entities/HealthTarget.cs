namespace GatewayPersistence.Entities;

/// <summary>A model the gateway health-checks periodically (table <c>health_targets</c>).</summary>
public class HealthTarget
{
    /// <summary>Application-generated id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Title shown on the status page.</summary>
    public string? DisplayTitle { get; set; }

    /// <summary>Kind of target.</summary>
    public HealthTargetType Type { get; set; }

    /// <summary>The model id checked (no foreign key).</summary>
    public string TargetId { get; set; } = "";

    /// <summary>Whether the target is checked.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds between checks (300 by default).</summary>
    public int? CheckIntervalSeconds { get; set; } = 300;

    /// <summary>Prompt sent by the check.</summary>
    public string? CheckPrompt { get; set; }

    /// <summary>JSON text: timeout, retries, concurrency.</summary>
    public string? CheckConfig { get; set; }

    /// <summary>When the row was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the row was last updated.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
