using Microsoft.Extensions.Logging;

namespace GatewayPersistence.Security;

/// <inheritdoc cref="IProviderKeyReencryption" />
internal sealed class ProviderKeyReencryption(
    IDbContextFactory<GatewayDbContext> contextFactory,
    IProviderKeyProtector protector,
    TimeProvider timeProvider,
    ILogger<ProviderKeyReencryption> logger) : IProviderKeyReencryption
{
    public async Task<ProviderKeyReencryptionResult> ReencryptLegacyKeysAsync(CancellationToken cancellationToken = default)
    {
        List<string> ids;
        await using (var context = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            ids = await context.Providers.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(cancellationToken);
        }

        var reencrypted = 0;
        var alreadyCurrent = 0;
        var failures = new List<ProviderKeyReencryptionFailure>();
        foreach (var id in ids)
        {
            var (outcome, message) = await ReencryptRowAsync(id, cancellationToken);
            switch (outcome)
            {
                case RowOutcome.Reencrypted:
                    reencrypted++;
                    logger.LogProviderKeyReencrypted(id);
                    break;
                case RowOutcome.AlreadyCurrent:
                    alreadyCurrent++;
                    break;
                case RowOutcome.Failed:
                    failures.Add(new ProviderKeyReencryptionFailure(id, message!));
                    logger.LogProviderKeyNotReencrypted(id, message!);
                    break;
                case RowOutcome.Gone:
                default:
                    break;
            }
        }

        logger.LogProviderKeysReencrypted(ids.Count, reencrypted, alreadyCurrent, failures.Count);
        return new ProviderKeyReencryptionResult(ids.Count, reencrypted, alreadyCurrent, failures);
    }

    /// <summary>One row in one transaction: read, decrypt, write only if the row still holds what was read, commit.</summary>
    private async Task<(RowOutcome Outcome, string? Message)> ReencryptRowAsync(string id, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        // The execution strategy retries the whole unit on a transient error; the compare-and-set makes a retry after
        // an unknown commit outcome harmless (the row then already holds the new value).
        return await context.Database.CreateExecutionStrategy().ExecuteAsync(() => AttemptAsync());

        async Task<(RowOutcome Outcome, string? Message)> AttemptAsync()
        {
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            var stored = await context.Providers.AsNoTracking().Where(p => p.Id == id).Select(p => p.ApiKey).FirstOrDefaultAsync(cancellationToken);
            if (stored is null)
            {
                return (RowOutcome.Gone, null);
            }

            switch (protector.GetFormat(stored))
            {
                case ProviderKeyFormat.AesGcm:
                    return (RowOutcome.AlreadyCurrent, null);
                case ProviderKeyFormat.Unrecognized:
                    return (RowOutcome.Failed,
                        $"The API key of provider '{id}' is in no known format (neither the current v2 nor the legacy ivHex:cipherHex); left unchanged.");
            }

            string plaintext;
            try
            {
                plaintext = protector.Unprotect(id, stored);
            }
            catch (ProviderKeyDecryptionException error)
            {
                return (RowOutcome.Failed, error.Message);
            }

            var replacement = protector.Protect(plaintext);
            var now = DateTimeOffset.FromUnixTimeMilliseconds(timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            var updated = await context.Providers
                .Where(p => p.Id == id && p.ApiKey == stored)
                .ExecuteUpdateAsync(set => set.SetProperty(p => p.ApiKey, replacement).SetProperty(p => p.UpdatedAt, now), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            // Zero rows: another writer changed the key since it was read; it is theirs, and the next run looks again.
            return (updated == 1 ? RowOutcome.Reencrypted : RowOutcome.AlreadyCurrent, null);
        }
    }

    private enum RowOutcome
    {
        Reencrypted,
        AlreadyCurrent,
        Failed,
        Gone,
    }
}
