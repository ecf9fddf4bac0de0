namespace GatewayPersistence.Entities;

/// <summary>A classifier-based ("expert") routing configuration (table <c>expert_routing_configs</c>).</summary>
public class ExpertRoutingConfig
{
    /// <summary>Application-generated id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Display name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Free-text description.</summary>
    public string? Description { get; set; }

    /// <summary>Whether the configuration is in use.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>JSON text: classifier model, categories, experts.</summary>
    public string Config { get; set; } = "";

    /// <summary>When the row was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the row was last updated.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
