using System.Collections.Concurrent;
using System.Data.Common;
using GatewayPersistence.Entities;
using GatewayPersistence.Repositories;
using GatewayPersistence.Security;
using Microsoft.EntityFrameworkCore.Storage;

namespace GatewayHost.Chat;

/// <summary>
/// The upstream API key of each provider, read from <c>providers.api_key</c> and decrypted through
/// <see cref="IProviderKeyProtector"/> (current AES-GCM keys and the TypeScript gateway's legacy ones alike), cached
/// like <see cref="VirtualKeyCache"/>: trusted for <see cref="VirtualKeyCache.FreshFor"/>, and kept for
/// <see cref="VirtualKeyCache.StaleFor"/> while the database is unreachable, so traffic goes on through an outage.
/// The plaintext lives in memory only, as it must for the call upstream.
/// </summary>
internal sealed class ProviderKeyCache(IProviderRepository providers, IProviderKeyProtector protector, TimeProvider time)
{
    private const int MaxEntries = 1_000;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>The provider's plaintext API key, or null when the provider no longer exists.</summary>
    /// <exception cref="DatabaseUnavailableException">The database cannot be asked and nothing recent is cached.</exception>
    /// <exception cref="ProviderKeyDecryptionException">The stored key cannot be decrypted (the message names the provider and the setting).</exception>
    public async Task<string?> GetApiKeyAsync(string providerId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (entries.TryGetValue(providerId, out var cached) && now - cached.FetchedAt < VirtualKeyCache.FreshFor)
        {
            return cached.Error is { } cachedError ? throw cachedError : cached.ApiKey;
        }

        Provider? provider;
        try
        {
            provider = await providers.GetByIdAsync(providerId, cancellationToken);
        }
        catch (Exception exception) when (exception is DbException or RetryLimitExceededException or TimeoutException)
        {
            if (cached is not null && now - cached.FetchedAt < VirtualKeyCache.StaleFor)
            {
                return cached.Error is { } staleError ? throw staleError : cached.ApiKey;
            }

            throw new DatabaseUnavailableException(exception);
        }

        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        string? apiKey = null;
        ProviderKeyDecryptionException? error = null;
        if (provider is not null)
        {
            try
            {
                apiKey = protector.Unprotect(provider.Id, provider.ApiKey);
            }
            catch (ProviderKeyDecryptionException decryption)
            {
                // Remembered for FreshFor too: a misconfigured secret should not cost a database read per request.
                error = decryption;
            }
        }

        entries[providerId] = new Entry(apiKey, error, now);
        return error is null ? apiKey : throw error;
    }

    private sealed record Entry(string? ApiKey, ProviderKeyDecryptionException? Error, DateTimeOffset FetchedAt);
}
