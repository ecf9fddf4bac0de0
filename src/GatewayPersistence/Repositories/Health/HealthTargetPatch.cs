namespace GatewayPersistence.Repositories;

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
