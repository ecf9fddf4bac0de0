using System.Text;

namespace GatewayPersistence.Repositories;

/// <summary>A provider to create. Its <see cref="ToString"/> leaves out the API key.</summary>
public sealed record NewProvider
{
    /// <summary>Display name (up to 255 characters).</summary>
    public required string Name { get; init; }

    /// <summary>Base URL of the upstream API.</summary>
    public required string BaseUrl { get; init; }

    /// <summary>The upstream secret, already encrypted by the gateway. Stored opaque; never logged.</summary>
    public required string ApiKey { get; init; }

    /// <summary>Free-text description.</summary>
    public string? Description { get; init; }

    /// <summary>JSON text mapping gateway protocols to upstream endpoints.</summary>
    public string? ProtocolMappings { get; init; }

    /// <summary>JSON text mapping model names.</summary>
    public string? ModelMapping { get; init; }

    /// <summary>Whether the provider is in use (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The id to use; a new 21-character id when not given.</summary>
    public string? Id { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id).Append(", Name = ").Append(Name).Append(", BaseUrl = ").Append(BaseUrl)
            .Append(", Enabled = ").Append(Enabled);
        return true;
    }
}

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
