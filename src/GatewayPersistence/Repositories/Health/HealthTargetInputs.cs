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

/// <summary>Fields of a health-check target to change; fields not given are left alone.</summary>
public sealed record HealthTargetPatch
{
    /// <summary>New name.</summary>
    public Optional<string> Name { get; init; }

    /// <summary>New display title (null clears it).</summary>
    public Optional<string?> DisplayTitle { get; init; }

    /// <summary>New kind.</summary>
    public Optional<HealthTargetType> Type { get; init; }

    /// <summary>New model id.</summary>
    public Optional<string> TargetId { get; init; }

    /// <summary>Whether the target is checked.</summary>
    public Optional<bool> Enabled { get; init; }

    /// <summary>New interval (null falls back to the default of 300 s for due checks).</summary>
    public Optional<int?> CheckIntervalSeconds { get; init; }

    /// <summary>New prompt.</summary>
    public Optional<string?> CheckPrompt { get; init; }

    /// <summary>New settings JSON.</summary>
    public Optional<string?> CheckConfig { get; init; }
}
