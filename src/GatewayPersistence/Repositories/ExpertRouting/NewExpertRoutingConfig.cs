namespace GatewayPersistence.Repositories;

/// <summary>An expert-routing configuration to create.</summary>
public sealed record NewExpertRoutingConfig
{
    /// <summary>Display name (up to 255 characters).</summary>
    public required string Name { get; init; }

    /// <summary>JSON text: classifier model, categories, experts.</summary>
    public required string Config { get; init; }

    /// <summary>Free-text description.</summary>
    public string? Description { get; init; }

    /// <summary>Whether the configuration is in use (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The id to use; a new 21-character id when not given.</summary>
    public string? Id { get; init; }
}
