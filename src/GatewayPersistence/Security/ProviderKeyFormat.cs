namespace GatewayPersistence.Security;

/// <summary>How a stored <c>providers.api_key</c> is encrypted, told apart by its shape.</summary>
public enum ProviderKeyFormat
{
    /// <summary>Neither format below: not something the protector can decrypt.</summary>
    Unrecognized,

    /// <summary>The TypeScript gateway's <c>&lt;ivHex&gt;:&lt;cipherHex&gt;</c> (AES-256-CBC, key from its JWT secret).</summary>
    LegacyAesCbc,

    /// <summary>The current <c>v2:aesgcm:&lt;nonceB64&gt;:&lt;cipherB64&gt;:&lt;tagB64&gt;</c> (AES-256-GCM, authenticated).</summary>
    AesGcm,
}
