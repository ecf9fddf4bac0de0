namespace GatewayPersistence.Repositories;

/// <summary>A model to create.</summary>
public sealed record NewModel
{
    /// <summary>Name clients ask for (up to 255 characters).</summary>
    public required string Name { get; init; }

    /// <summary>The upstream's name for the model (up to 255 characters).</summary>
    public required string ModelIdentifier { get; init; }

    /// <summary>The provider serving the model (must exist when given).</summary>
    public string? ProviderId { get; init; }

    /// <summary>Protocol spoken to the upstream (up to 50 characters).</summary>
    public string? Protocol { get; init; }

    /// <summary>Whether this model routes to others.</summary>
    public bool IsVirtual { get; init; }

    /// <summary>Routing configuration of a virtual model.</summary>
    public string? RoutingConfigId { get; init; }

    /// <summary>Expert-routing configuration of a virtual model.</summary>
    public string? ExpertRoutingId { get; init; }

    /// <summary>Whether the model is in use (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>JSON text: context length, prices, capabilities.</summary>
    public string? ModelAttributes { get; init; }

    /// <summary>JSON text: prompt compression settings.</summary>
    public string? CompressionConfig { get; init; }

    /// <summary>The id to use; a new 21-character id when not given.</summary>
    public string? Id { get; init; }
}
