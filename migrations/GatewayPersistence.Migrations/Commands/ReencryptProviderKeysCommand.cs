using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.Migrations.Commands;

/// <summary>
/// <c>reencrypt-provider-keys</c>: the adoption step for provider keys. Re-encrypts every key the TypeScript gateway
/// stored (<c>ivHex:cipherHex</c>, AES-256-CBC under its JWT secret) in the current AES-GCM format, one transaction per
/// row; keys already current are left alone, so running it again changes nothing. The secrets come from the same
/// settings the host reads, as environment variables: <c>GatewayPersistence__Security__LegacyJwtSecret</c> and
/// <c>GatewayPersistence__Security__ProviderKeyEncryptionKey</c>. Neither is ever printed.
/// </summary>
internal static class ReencryptProviderKeysCommand
{
    public const string Verb = "reencrypt-provider-keys";
    public const string Description = "re-encrypt the TypeScript gateway's provider keys (ivHex:cipherHex) in the current AES-GCM format";
    public const string LegacySecretVariable = "GatewayPersistence__Security__LegacyJwtSecret";
    public const string EncryptionKeyVariable = "GatewayPersistence__Security__ProviderKeyEncryptionKey";

    public static async Task<int> RunAsync(Func<string, string?> environment, TextWriter output, TextWriter error)
    {
        var connectionString = environment(DesignTimeGatewayDbContextFactory.ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await error.WriteLineAsync($"Set {DesignTimeGatewayDbContextFactory.ConnectionStringVariable} to the connection string of the database whose provider keys to re-encrypt.");
            return 2;
        }

        var missing = new[] { LegacySecretVariable, EncryptionKeyVariable }.Where(name => string.IsNullOrEmpty(environment(name))).ToList();
        if (missing.Count > 0)
        {
            await error.WriteLineAsync($"Set {string.Join(" and ", missing)}: the legacy JWT secret decrypts the old keys, the base64 32-byte key encrypts the new ones.");
            return 2;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGatewayPersistence(options =>
        {
            options.ConnectionString = connectionString;
            options.ServerVersion = environment(DesignTimeGatewayDbContextFactory.ServerVersionVariable);
            options.Security.LegacyJwtSecret = environment(LegacySecretVariable);
            options.Security.ProviderKeyEncryptionKey = environment(EncryptionKeyVariable);
        });
        await using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<GatewayPersistenceOptions>>().Value; // validates, naming the setting
        }
        catch (OptionsValidationException invalid)
        {
            foreach (var failure in invalid.Failures)
            {
                await error.WriteLineAsync(failure);
            }

            return 2;
        }

        var result = await provider.GetRequiredService<IProviderKeyReencryption>().ReencryptLegacyKeysAsync();
        await output.WriteLineAsync($"Provider keys: {result.Examined} examined, {result.Reencrypted} re-encrypted, " +
                                    $"{result.AlreadyCurrent} already current, {result.Failures.Count} left unchanged.");
        foreach (var failure in result.Failures)
        {
            await error.WriteLineAsync($"  {failure.Message}");
        }

        return result.Failures.Count == 0 ? 0 : 1;
    }
}
