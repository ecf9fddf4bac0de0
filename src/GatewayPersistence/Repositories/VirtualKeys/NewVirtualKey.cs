using System.Text;

namespace GatewayPersistence.Repositories;

/// <summary>A virtual key to create. Every field is stored. Its <see cref="ToString"/> leaves out the key and its hash.</summary>
public sealed record NewVirtualKey
{
    /// <summary>The plaintext key (unique, up to 255 characters). Secret: never logged; never changes after create.</summary>
    public required string KeyValue { get; init; }

    /// <summary>SHA-256 hex of the key (unique). Never logged; never changes after create.</summary>
    public required string KeyHash { get; init; }

    /// <summary>Display name (up to 255 characters).</summary>
    public required string Name { get; init; }

    /// <summary>Provider the key is bound to (must exist when given).</summary>
    public string? ProviderId { get; init; }

    /// <summary>Model the key is bound to (must exist when given).</summary>
    public string? ModelId { get; init; }

    /// <summary>Routing strategy (default <c>single</c>, up to 50 characters).</summary>
    public string? RoutingStrategy { get; init; } = "single";

    /// <summary>JSON array of model ids the key may route to.</summary>
    public string? ModelIds { get; init; }

    /// <summary>JSON text of the key's routing settings.</summary>
    public string? RoutingConfig { get; init; }

    /// <summary>Whether the key is accepted (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Requests per minute allowed, if limited.</summary>
    public int? RateLimit { get; init; }

    /// <summary>Whether responses are cached.</summary>
    public bool CacheEnabled { get; init; }

    /// <summary>Whether the key's requests are hidden from request-log reads.</summary>
    public bool DisableLogging { get; init; }

    /// <summary>Whether prompts are compressed dynamically.</summary>
    public bool DynamicCompressionEnabled { get; init; }

    /// <summary>Whether images are compressed.</summary>
    public bool ImageCompressionEnabled { get; init; }

    /// <summary>Whether a zero temperature is replaced (stored; the legacy layer dropped it).</summary>
    public bool InterceptZeroTemperature { get; init; }

    /// <summary>The temperature used instead of zero, DECIMAL(3,2): -9.99 to 9.99 (stored; the legacy layer dropped it).</summary>
    public decimal? ZeroTemperatureReplacement { get; init; }

    /// <summary>Whether PII protection is applied.</summary>
    public bool PiiProtectionEnabled { get; init; }

    /// <summary>The id to use; a new 21-character id when not given.</summary>
    public string? Id { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id).Append(", Name = ").Append(Name).Append(", ProviderId = ").Append(ProviderId)
            .Append(", ModelId = ").Append(ModelId).Append(", Enabled = ").Append(Enabled);
        return true;
    }
}
