using System.Collections.Concurrent;
using System.Data.Common;
using GatewayPersistence.Entities;
using GatewayPersistence.Repositories;
using Microsoft.EntityFrameworkCore.Storage;

namespace GatewayHost.Chat;

/// <summary>
/// Authentication lookups with a short-lived memory cache, as a gateway needs on its hot path: a key found (or not
/// found) is trusted for <see cref="FreshFor"/>, and while the database is unreachable a key seen within
/// <see cref="StaleFor"/> keeps working, so traffic (and its request log, which spills to the journal) goes on through
/// an outage. Disabling a key therefore takes effect within <see cref="FreshFor"/>.
/// </summary>
internal sealed class VirtualKeyCache(IVirtualKeyRepository keys, TimeProvider time)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StaleFor = TimeSpan.FromMinutes(10);
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>The key with this value, or null when there is none.</summary>
    /// <exception cref="DatabaseUnavailableException">The database cannot be asked and nothing recent is cached.</exception>
    public async Task<VirtualKey?> FindAsync(string keyValue, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (entries.TryGetValue(keyValue, out var cached) && now - cached.FetchedAt < FreshFor)
        {
            return cached.Key;
        }

        try
        {
            var key = await keys.GetByKeyValueAsync(keyValue, cancellationToken);
            if (entries.Count >= MaxEntries)
            {
                entries.Clear(); // bounded: a flood of random keys cannot grow memory
            }

            entries[keyValue] = new Entry(key, now);
            return key;
        }
        catch (Exception exception) when (exception is DbException or RetryLimitExceededException or TimeoutException)
        {
            if (cached is not null && now - cached.FetchedAt < StaleFor)
            {
                return cached.Key;
            }

            throw new DatabaseUnavailableException(exception);
        }
    }

    private sealed record Entry(VirtualKey? Key, DateTimeOffset FetchedAt);
}

/// <summary>The database needed to answer is unreachable (mapped to 503).</summary>
internal sealed class DatabaseUnavailableException(Exception innerException)
    : Exception("The gateway's database is unavailable.", innerException);
