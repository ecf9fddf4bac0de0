using System.Security.Cryptography;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Migrations.Commands;
using GatewayPersistence.Security;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayPersistence.Tests.Security;

/// <summary>
/// The adoption step for provider keys on a real database: legacy <c>ivHex:cipherHex</c> keys (made in the test as the
/// TypeScript gateway made them) are re-encrypted in place, the second run changes nothing, a wrong legacy secret is a
/// clear error naming the provider id and leaves the row alone; and the migrations command line's verb does the same.
/// </summary>
public sealed class ProviderKeyReencryptionTests
{
    private const string JwtSecret = "the-typescript-gateways-jwt-secret-value";
    private static readonly string EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Test]
    public async Task Legacy_keys_are_reencrypted_in_place_and_a_second_run_changes_nothing()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var services = Services(database, JwtSecret);
        var protector = services.GetRequiredService<IProviderKeyProtector>();
        var current = protector.Protect("sk-already-current");
        await AddProvidersAsync(database,
            ("p-legacy-1", LegacyFormats.EncryptProviderKey(JwtSecret, "sk-legacy-one")),
            ("p-legacy-2", LegacyFormats.EncryptProviderKey(JwtSecret, "sk-legacy-two-ключ")),
            ("p-current", current));

        var first = await services.GetRequiredService<IProviderKeyReencryption>().ReencryptLegacyKeysAsync();
        var afterFirst = await ReadAsync(database);
        var second = await services.GetRequiredService<IProviderKeyReencryption>().ReencryptLegacyKeysAsync();
        var afterSecond = await ReadAsync(database);

        Assert.Multiple(() =>
        {
            Assert.That((first.Examined, first.Reencrypted, first.AlreadyCurrent, first.Failures.Count), Is.EqualTo((3, 2, 1, 0)));
            Assert.That(afterFirst.Values.Select(row => row.ApiKey), Is.All.StartWith("v2:aesgcm:"));
            Assert.That(protector.Unprotect("p-legacy-1", afterFirst["p-legacy-1"].ApiKey), Is.EqualTo("sk-legacy-one"));
            Assert.That(protector.Unprotect("p-legacy-2", afterFirst["p-legacy-2"].ApiKey), Is.EqualTo("sk-legacy-two-ключ"));
            Assert.That(afterFirst["p-current"].ApiKey, Is.EqualTo(current), "a current key is left alone");
            Assert.That(afterFirst["p-current"].UpdatedAt, Is.Zero);
            Assert.That(afterFirst["p-legacy-1"].UpdatedAt, Is.GreaterThan(0), "updated_at bumped");
            Assert.That((second.Examined, second.Reencrypted, second.AlreadyCurrent, second.Failures.Count), Is.EqualTo((3, 0, 3, 0)));
            Assert.That(afterSecond, Is.EquivalentTo(afterFirst), "the second run changed nothing");
        });
    }

    [Test]
    public async Task A_wrong_legacy_secret_names_the_provider_and_leaves_its_row_unchanged()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var legacy = LegacyFormats.EncryptProviderKey(JwtSecret, "sk-legacy-secret-value");
        await AddProvidersAsync(database, ("p-adopted", legacy), ("p-plain", "not-encrypted-at-all"));
        await using var services = Services(database, "a-different-jwt-secret");

        var result = await services.GetRequiredService<IProviderKeyReencryption>().ReencryptLegacyKeysAsync();
        var rows = await ReadAsync(database);

        Assert.Multiple(() =>
        {
            Assert.That(result.Reencrypted, Is.Zero);
            Assert.That(result.Failures.Select(failure => failure.ProviderId), Is.EquivalentTo(new[] { "p-adopted", "p-plain" }));
            var wrongSecret = result.Failures.Single(failure => failure.ProviderId == "p-adopted").Message;
            Assert.That(wrongSecret, Does.Contain("'p-adopted'").And.Contain(GatewaySecurityOptions.LegacyJwtSecretKey));
            Assert.That(wrongSecret, Does.Not.Contain(legacy[..16]).And.Not.Contain("sk-legacy"));
            Assert.That(result.Failures.Single(failure => failure.ProviderId == "p-plain").Message,
                Does.Contain("no known format").And.Not.Contain("not-encrypted-at-all"));
            Assert.That(rows["p-adopted"].ApiKey, Is.EqualTo(legacy));
            Assert.That(rows["p-plain"].ApiKey, Is.EqualTo("not-encrypted-at-all"));
        });
    }

    [Test]
    public async Task The_migrations_command_line_reencrypts_reports_and_exits_non_zero_on_a_failure()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await AddProvidersAsync(database, ("p-1", LegacyFormats.EncryptProviderKey(JwtSecret, "sk-one")));
        var environment = new Dictionary<string, string?>
        {
            ["GATEWAY_MYSQL"] = database.ConnectionString,
            ["GATEWAY_MYSQL_SERVER_VERSION"] = TestDatabaseServer.ServerVersion.ToString(),
            [ReencryptProviderKeysCommand.LegacySecretVariable] = JwtSecret,
            [ReencryptProviderKeysCommand.EncryptionKeyVariable] = EncryptionKey,
        };

        var (firstCode, firstOutput, _) = await RunAsync(environment);
        var (secondCode, secondOutput, _) = await RunAsync(environment);
        await AddProvidersAsync(database, ("p-2", LegacyFormats.EncryptProviderKey("another-secret", "sk-two")));
        var (failedCode, _, failedError) = await RunAsync(environment);
        environment[ReencryptProviderKeysCommand.EncryptionKeyVariable] = "not-base64!";
        var (invalidCode, invalidOutput, invalidError) = await RunAsync(environment);

        Assert.Multiple(() =>
        {
            Assert.That(firstCode, Is.Zero);
            Assert.That(firstOutput, Does.Contain("1 examined, 1 re-encrypted, 0 already current, 0 left unchanged"));
            Assert.That(secondCode, Is.Zero);
            Assert.That(secondOutput, Does.Contain("1 examined, 0 re-encrypted, 1 already current"));
            Assert.That(failedCode, Is.EqualTo(1));
            Assert.That(failedError, Does.Contain("'p-2'"));
            Assert.That(invalidCode, Is.EqualTo(2));
            Assert.That(invalidError, Does.Contain(GatewaySecurityOptions.ProviderKeyEncryptionKeyKey).And.Not.Contain("not-base64!"));
            foreach (var text in new[] { firstOutput, secondOutput, failedError, invalidOutput, invalidError })
            {
                Assert.That(text, Does.Not.Contain(JwtSecret).And.Not.Contain(EncryptionKey).And.Not.Contain("sk-one").And.Not.Contain("sk-two"));
            }
        });
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(Dictionary<string, string?> environment)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ReencryptProviderKeysCommand.RunAsync(name => environment.GetValueOrDefault(name), output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static ServiceProvider Services(TestDatabase database, string legacySecret)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGatewayPersistence(options =>
        {
            options.ConnectionString = database.ConnectionString;
            options.ServerVersion = TestDatabaseServer.ServerVersion.ToString();
            options.Security.LegacyJwtSecret = legacySecret;
            options.Security.ProviderKeyEncryptionKey = EncryptionKey;
        });
        return services.BuildServiceProvider();
    }

    private static async Task AddProvidersAsync(TestDatabase database, params (string Id, string ApiKey)[] providers)
    {
        await using var context = database.CreateContext();
        foreach (var (id, apiKey) in providers)
        {
            context.Providers.Add(new Provider
            {
                Id = id, Name = id, BaseUrl = "https://upstream.invalid", ApiKey = apiKey,
                CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
            });
        }

        await context.SaveChangesAsync();
    }

    private static async Task<Dictionary<string, (string ApiKey, long UpdatedAt)>> ReadAsync(TestDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new MySqlCommand("SELECT id, api_key, updated_at FROM providers", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, (string, long)>();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = (reader.GetString(1), reader.GetInt64(2));
        }

        return rows;
    }
}
