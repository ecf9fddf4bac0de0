namespace GatewayPersistence.Repositories;

/// <summary>
/// Fields of a virtual key to change; fields not given are left alone. The key value and hash have no field here:
/// they never change after create.
/// </summary>
public sealed record VirtualKeyPatch
{
    /// <summary>New display name.</summary>
    public Optional<string> Name { get; init; }

    /// <summary>New provider (null unbinds).</summary>
    public Optional<string?> ProviderId { get; init; }

    /// <summary>New model (null unbinds).</summary>
    public Optional<string?> ModelId { get; init; }

    /// <summary>New routing strategy.</summary>
    public Optional<string?> RoutingStrategy { get; init; }

    /// <summary>New JSON array of model ids.</summary>
    public Optional<string?> ModelIds { get; init; }

    /// <summary>New routing settings JSON.</summary>
    public Optional<string?> RoutingConfig { get; init; }

    /// <summary>Whether the key is accepted.</summary>
    public Optional<bool> Enabled { get; init; }

    /// <summary>New rate limit (null removes it).</summary>
    public Optional<int?> RateLimit { get; init; }

    /// <summary>Whether responses are cached.</summary>
    public Optional<bool> CacheEnabled { get; init; }

    /// <summary>Whether the key's requests are hidden from request-log reads.</summary>
    public Optional<bool> DisableLogging { get; init; }

    /// <summary>Whether prompts are compressed dynamically.</summary>
    public Optional<bool> DynamicCompressionEnabled { get; init; }

    /// <summary>Whether images are compressed.</summary>
    public Optional<bool> ImageCompressionEnabled { get; init; }

    /// <summary>Whether a zero temperature is replaced.</summary>
    public Optional<bool> InterceptZeroTemperature { get; init; }

    /// <summary>New replacement temperature (null removes it).</summary>
    public Optional<decimal?> ZeroTemperatureReplacement { get; init; }

    /// <summary>Whether PII protection is applied.</summary>
    public Optional<bool> PiiProtectionEnabled { get; init; }
}
