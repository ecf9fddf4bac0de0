namespace GatewayPersistence.Entities;

/// <summary>A key gateway clients authenticate with (table <c>virtual_keys</c>).</summary>
public class VirtualKey
{
    /// <summary>Application-generated id.</summary>
    public string Id { get; set; } = "";

    /// <summary>The plaintext key (<c>vk_</c> + nanoid, or a custom key). Secret: never logged. Never changes after create.</summary>
    public string KeyValue { get; set; } = "";

    /// <summary>SHA-256 hex of the key. Never logged; never changes after create.</summary>
    public string KeyHash { get; set; } = "";

    /// <summary>Display name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Provider the key is bound to; set to null when the provider is deleted.</summary>
    public string? ProviderId { get; set; }

    /// <summary>Model the key is bound to; set to null when the model is deleted.</summary>
    public string? ModelId { get; set; }

    /// <summary>Routing strategy (<c>single</c> by default).</summary>
    public string? RoutingStrategy { get; set; } = "single";

    /// <summary>JSON array of model ids the key may route to.</summary>
    public string? ModelIds { get; set; }

    /// <summary>JSON text of the key's routing settings.</summary>
    public string? RoutingConfig { get; set; }

    /// <summary>Whether the key is accepted.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests per minute allowed, if limited.</summary>
    public int? RateLimit { get; set; }

    /// <summary>Whether responses are cached.</summary>
    public bool CacheEnabled { get; set; }

    /// <summary>Whether the key's requests are hidden from every request-log read.</summary>
    public bool DisableLogging { get; set; }

    /// <summary>Whether prompts are compressed dynamically.</summary>
    public bool DynamicCompressionEnabled { get; set; }

    /// <summary>Whether images are compressed.</summary>
    public bool ImageCompressionEnabled { get; set; }

    /// <summary>Whether a zero temperature is replaced.</summary>
    public bool InterceptZeroTemperature { get; set; }

    /// <summary>The temperature used instead of zero (DECIMAL(3,2)).</summary>
    public decimal? ZeroTemperatureReplacement { get; set; }

    /// <summary>Whether PII protection is applied.</summary>
    public bool PiiProtectionEnabled { get; set; }

    /// <summary>When the row was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the row was last updated.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
