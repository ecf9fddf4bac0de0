namespace GatewayPersistence.Security;

/// <summary>
/// Encrypts upstream API keys for <c>providers.api_key</c> and decrypts them for the call upstream. New keys are
/// AES-256-GCM (<c>v2:aesgcm:...</c>, key <c>GatewayPersistence:Security:ProviderKeyEncryptionKey</c>); keys the
/// TypeScript gateway stored (<c>ivHex:cipherHex</c>, AES-256-CBC) decrypt with
/// <c>GatewayPersistence:Security:LegacyJwtSecret</c> until they are re-encrypted. Neither keys nor secrets are logged
/// or put in an exception message.
/// </summary>
public interface IProviderKeyProtector
{
    /// <summary>The format of a stored value, by its shape alone (nothing is decrypted).</summary>
    ProviderKeyFormat GetFormat(string storedValue);

    /// <summary>Encrypts <paramref name="apiKey"/> in the current format, with a fresh random nonce.</summary>
    /// <exception cref="ArgumentException">The key is null or empty.</exception>
    /// <exception cref="InvalidOperationException">No encryption key is configured (the message names the setting).</exception>
    string Protect(string apiKey);

    /// <summary>The plaintext API key stored as <paramref name="storedValue"/> for provider <paramref name="providerId"/>.</summary>
    /// <exception cref="ProviderKeyDecryptionException">
    /// The value is in no known format, the secret it needs is not configured, or it does not decrypt with it (a wrong
    /// legacy secret, a different key, an altered value). The message names the provider id and the setting.
    /// </exception>
    string Unprotect(string providerId, string storedValue);
}
