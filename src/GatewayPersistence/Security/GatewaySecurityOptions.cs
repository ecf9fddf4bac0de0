using System.ComponentModel.DataAnnotations;

namespace GatewayPersistence.Security;

/// <summary>
/// Secrets and costs of the password service and the provider-key protector (section
/// <c>GatewayPersistence:Security</c>). Both secrets come from configuration (environment, a secret store), are
/// validated at start-up by a message naming the setting (never the value), and are never logged.
/// </summary>
public sealed class GatewaySecurityOptions
{
    /// <summary>Configuration section, below <c>GatewayPersistence</c>.</summary>
    public const string SectionName = "Security";

    /// <summary>Full configuration key of <see cref="LegacyJwtSecret"/>.</summary>
    public const string LegacyJwtSecretKey = "GatewayPersistence:Security:LegacyJwtSecret";

    /// <summary>Full configuration key of <see cref="ProviderKeyEncryptionKey"/>.</summary>
    public const string ProviderKeyEncryptionKeyKey = "GatewayPersistence:Security:ProviderKeyEncryptionKey";

    /// <summary>The lowest accepted <see cref="PasswordIterations"/> (OWASP's floor for PBKDF2).</summary>
    public const int MinimumPasswordIterations = 210_000;

    /// <summary>The highest accepted <see cref="PasswordIterations"/>, also the most a stored hash may ask for.</summary>
    public const int MaximumPasswordIterations = 10_000_000;

    /// <summary>
    /// The TypeScript gateway's JWT secret, whose first 32 characters (padded with <c>0</c>) were the AES-256-CBC key of
    /// the legacy provider keys (<c>ivHex:cipherHex</c>). Needed only while such keys exist: to read them, and to
    /// re-encrypt them once with <c>reencrypt-provider-keys</c>. Empty: legacy keys cannot be read.
    /// </summary>
    public string? LegacyJwtSecret { get; set; }

    /// <summary>
    /// Base64 of the 32-byte AES-256-GCM key of the current provider-key format (<c>v2:aesgcm:...</c>), e.g. from
    /// <c>openssl rand -base64 32</c>. Empty: new keys cannot be encrypted, nor v2 keys read.
    /// </summary>
    public string? ProviderKeyEncryptionKey { get; set; }

    /// <summary>
    /// PBKDF2-HMAC-SHA256 iterations of new password hashes (600,000 by default, OWASP's 2023 figure; at least 210,000).
    /// A stored hash with fewer iterations still verifies and is rehashed on the next successful login.
    /// </summary>
    [Range(MinimumPasswordIterations, MaximumPasswordIterations)]
    public int PasswordIterations { get; set; } = 600_000;

    /// <summary>Which secrets are set, never their values.</summary>
    public override string ToString()
        => $"LegacyJwtSecret = {(string.IsNullOrEmpty(LegacyJwtSecret) ? "(not set)" : "(set)")}, " +
           $"ProviderKeyEncryptionKey = {(string.IsNullOrEmpty(ProviderKeyEncryptionKey) ? "(not set)" : "(set)")}, " +
           $"PasswordIterations = {PasswordIterations}";
}
