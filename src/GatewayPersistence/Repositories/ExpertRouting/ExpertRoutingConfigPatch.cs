namespace GatewayPersistence.Repositories;

/// <summary>Fields of an expert-routing configuration to change; fields not given are left alone.</summary>
public sealed record ExpertRoutingConfigPatch
{
    /// <summary>New name.</summary>
    public Optional<string> Name { get; init; }

    /// <summary>New description (null clears it).</summary>
    public Optional<string?> Description { get; init; }

    /// <summary>Whether the configuration is in use.</summary>
    public Optional<bool> Enabled { get; init; }

    /// <summary>New settings JSON.</summary>
    public Optional<string> Config { get; init; }
}
