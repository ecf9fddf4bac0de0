namespace GatewayPersistence.Repositories;

/// <summary>A routing configuration to create.</summary>
public sealed record NewRoutingConfig
{
    /// <summary>Display name (up to 255 characters).</summary>
    public required string Name { get; init; }

    /// <summary><c>loadbalance</c>, <c>fallback</c>, <c>hash</c> or <c>affinity</c> (up to 50 characters).</summary>
    public required string Type { get; init; }

    /// <summary>JSON text of the routing settings.</summary>
    public required string Config { get; init; }

    /// <summary>Free-text description.</summary>
    public string? Description { get; init; }

    /// <summary>Whether the configuration is in use (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The id to use; a new 21-character id when not given.</summary>
    public string? Id { get; init; }
}

/// <summary>Fields of a routing configuration to change; fields not given are left alone.</summary>
public sealed record RoutingConfigPatch
{
    /// <summary>New name.</summary>
    public Optional<string> Name { get; init; }

    /// <summary>New description (null clears it).</summary>
    public Optional<string?> Description { get; init; }

    /// <summary>New type.</summary>
    public Optional<string> Type { get; init; }

    /// <summary>New settings JSON.</summary>
    public Optional<string> Config { get; init; }

    /// <summary>Whether the configuration is in use.</summary>
    public Optional<bool> Enabled { get; init; }
}
