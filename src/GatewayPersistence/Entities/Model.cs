namespace GatewayPersistence.Entities;

/// <summary>
/// A model the gateway serves (table <c>models</c>), real or virtual (routing to others). The name reads ambiguously
/// next to EF Core's <see cref="DbContext.Model"/>, but it is kept: it matches the legacy table <c>models</c> and is the
/// public API hosts already use, so renaming it would break them. Library code refers to it as <c>Entities.Model</c>
/// where the two could be confused.
/// </summary>
public class Model
{
    /// <summary>Application-generated id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Name clients ask for.</summary>
    public string Name { get; set; } = "";

    /// <summary>The provider serving this model; deleting the provider deletes the model.</summary>
    public string? ProviderId { get; set; }

    /// <summary>The upstream's name for the model.</summary>
    public string ModelIdentifier { get; set; } = "";

    /// <summary>Protocol spoken to the upstream (e.g. <c>openai</c>).</summary>
    public string? Protocol { get; set; }

    /// <summary>Whether this model routes to others.</summary>
    public bool IsVirtual { get; set; }

    /// <summary>Routing configuration of a virtual model (no foreign key).</summary>
    public string? RoutingConfigId { get; set; }

    /// <summary>Expert-routing configuration of a virtual model (no foreign key).</summary>
    public string? ExpertRoutingId { get; set; }

    /// <summary>Whether the model is in use.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>JSON text: context length, prices, capabilities.</summary>
    public string? ModelAttributes { get; set; }

    /// <summary>JSON text: prompt compression settings.</summary>
    public string? CompressionConfig { get; set; }

    /// <summary>When the row was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the row was last updated.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
