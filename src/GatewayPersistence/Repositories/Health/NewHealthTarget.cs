namespace GatewayPersistence.Repositories;

/// <summary>A health-check target to create.</summary>
public sealed record NewHealthTarget
{
    /// <summary>Name (up to 255 characters).</summary>
    public required string Name { get; init; }

    /// <summary>Kind of target.</summary>
    public required HealthTargetType Type { get; init; }

    /// <summary>The model id checked (no foreign key).</summary>
    public required string TargetId { get; init; }

    /// <summary>Title shown on the status page.</summary>
    public string? DisplayTitle { get; init; }

    /// <summary>Whether the target is checked (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Seconds between checks (default 300).</summary>
    public int? CheckIntervalSeconds { get; init; } = HealthTargetRepository.DefaultCheckIntervalSeconds;

    /// <summary>Prompt sent by the check.</summary>
    public string? CheckPrompt { get; init; }

    /// <summary>JSON text: timeout, retries, concurrency.</summary>
    public string? CheckConfig { get; init; }

    /// <summary>The id to use; a new 21-character id when not given.</summary>
    public string? Id { get; init; }
}
