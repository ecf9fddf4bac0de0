namespace GatewayPersistence.Entities;

/// <summary>An upstream LLM API (table <c>providers</c>).</summary>
public class Provider
{
    /// <summary>Application-generated id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Display name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Free-text description.</summary>
    public string? Description { get; set; }

    /// <summary>Base URL of the upstream API.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>JSON text mapping gateway protocols to upstream endpoints.</summary>
    public string? ProtocolMappings { get; set; }

    /// <summary>The upstream secret, encrypted by the gateway (<c>ivHex:cipherHex</c>). Stored opaque; never logged.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>JSON text mapping model names.</summary>
    public string? ModelMapping { get; set; }

    /// <summary>Whether the provider is in use.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>When the row was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the row was last updated.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
