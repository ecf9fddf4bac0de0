namespace GatewayPersistence.Repositories;

/// <summary>Fields of a provider to change; fields not given are left alone.</summary>
public sealed record ProviderPatch
{
    /// <summary>New display name.</summary>
    public Optional<string> Name { get; init; }

    /// <summary>New description (null clears it).</summary>
    public Optional<string?> Description { get; init; }

    /// <summary>New base URL.</summary>
    public Optional<string> BaseUrl { get; init; }

    /// <summary>New protocol mappings (null clears them).</summary>
    public Optional<string?> ProtocolMappings { get; init; }

    /// <summary>New encrypted API key.</summary>
    public Optional<string> ApiKey { get; init; }

    /// <summary>New model mapping (null clears it).</summary>
    public Optional<string?> ModelMapping { get; init; }

    /// <summary>Whether the provider is in use.</summary>
    public Optional<bool> Enabled { get; init; }
}
