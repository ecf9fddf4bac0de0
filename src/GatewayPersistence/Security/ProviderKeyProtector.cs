using GatewayPersistence.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.Security;

/// <inheritdoc cref="IProviderKeyProtector" />
internal sealed class ProviderKeyProtector : IProviderKeyProtector
{
    private readonly byte[]? legacyKey;
    private readonly byte[]? currentKey;

    public ProviderKeyProtector(IOptions<GatewayPersistenceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The options were validated at start-up (SecurityOptionsValidator); here they only need decoding.
        var security = options.Value.Security;
        if (!string.IsNullOrEmpty(security.LegacyJwtSecret))
        {
            legacyKey = LegacyProviderKeyCipher.DeriveKey(security.LegacyJwtSecret);
        }

        if (!string.IsNullOrEmpty(security.ProviderKeyEncryptionKey)
            && AesGcmProviderKeyCipher.TryDecodeKey(security.ProviderKeyEncryptionKey, out var key) is null)
        {
            currentKey = key;
        }
    }

    public ProviderKeyFormat GetFormat(string storedValue)
    {
        ArgumentNullException.ThrowIfNull(storedValue);
        if (storedValue.StartsWith(AesGcmProviderKeyCipher.Prefix, StringComparison.Ordinal))
        {
            return ProviderKeyFormat.AesGcm;
        }

        return LegacyProviderKeyCipher.HasShape(storedValue) ? ProviderKeyFormat.LegacyAesCbc : ProviderKeyFormat.Unrecognized;
    }

    public string Protect(string apiKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        if (currentKey is null)
        {
            throw new InvalidOperationException(
                $"{GatewaySecurityOptions.ProviderKeyEncryptionKeyKey} is not set; it is needed to encrypt provider API keys " +
                "(the base64 of 32 random bytes, e.g. from 'openssl rand -base64 32').");
        }

        return AesGcmProviderKeyCipher.Encrypt(currentKey, apiKey);
    }

    public string Unprotect(string providerId, string storedValue)
    {
        ArgumentNullException.ThrowIfNull(providerId);
        ArgumentNullException.ThrowIfNull(storedValue);
        switch (GetFormat(storedValue))
        {
            case ProviderKeyFormat.AesGcm:
                if (currentKey is null)
                {
                    throw new ProviderKeyDecryptionException(providerId,
                        $"it is in the v2 (AES-GCM) format and {GatewaySecurityOptions.ProviderKeyEncryptionKeyKey} is not set.");
                }

                return AesGcmProviderKeyCipher.TryDecrypt(currentKey, storedValue, out var problem)
                    ?? throw new ProviderKeyDecryptionException(providerId, problem!);

            case ProviderKeyFormat.LegacyAesCbc:
                if (legacyKey is null)
                {
                    throw new ProviderKeyDecryptionException(providerId,
                        $"it is in the TypeScript gateway's format (ivHex:cipherHex) and {GatewaySecurityOptions.LegacyJwtSecretKey} is not set.");
                }

                return LegacyProviderKeyCipher.TryDecrypt(legacyKey, storedValue)
                    ?? throw new ProviderKeyDecryptionException(providerId,
                        $"it does not decrypt with {GatewaySecurityOptions.LegacyJwtSecretKey}: that is not the JWT secret the " +
                        "TypeScript gateway encrypted it with, or the value is damaged.");

            default:
                throw new ProviderKeyDecryptionException(providerId,
                    $"it is in no known format (neither '{AesGcmProviderKeyCipher.Prefix}...' nor the legacy 'ivHex:cipherHex').");
        }
    }
}
