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
