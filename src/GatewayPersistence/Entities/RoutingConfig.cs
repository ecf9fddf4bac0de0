namespace GatewayPersistence.Entities;

/// <summary>A plain routing configuration (table <c>routing_configs</c>).</summary>
public class RoutingConfig
{
    /// <summary>Application-generated id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Display name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Free-text description.</summary>
    public string? Description { get; set; }

    /// <summary><c>loadbalance</c>, <c>fallback</c>, <c>hash</c> or <c>affinity</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary>JSON text of the routing settings.</summary>
    public string Config { get; set; } = "";

    /// <summary>Whether the configuration is in use.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>When the row was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the row was last updated.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
