namespace GatewayPersistence.Repositories;

/// <summary>Fields of a model to change; fields not given are left alone.</summary>
public sealed record ModelPatch
{
    /// <summary>New name.</summary>
    public Optional<string> Name { get; init; }

    /// <summary>New provider (null detaches the model).</summary>
    public Optional<string?> ProviderId { get; init; }

    /// <summary>New upstream model name.</summary>
    public Optional<string> ModelIdentifier { get; init; }

    /// <summary>New protocol.</summary>
    public Optional<string?> Protocol { get; init; }

    /// <summary>Whether the model routes to others.</summary>
    public Optional<bool> IsVirtual { get; init; }

    /// <summary>New routing configuration.</summary>
    public Optional<string?> RoutingConfigId { get; init; }

    /// <summary>New expert-routing configuration.</summary>
    public Optional<string?> ExpertRoutingId { get; init; }

    /// <summary>Whether the model is in use.</summary>
    public Optional<bool> Enabled { get; init; }

    /// <summary>New attributes JSON.</summary>
    public Optional<string?> ModelAttributes { get; init; }

    /// <summary>New compression settings JSON.</summary>
    public Optional<string?> CompressionConfig { get; init; }
}
