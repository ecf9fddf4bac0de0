using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using GatewayPersistence.Repositories;
using GatewayPersistence.Security;
using GatewayPersistence.Tests.Host;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatewayPersistence.Tests.Security;

/// <summary>
/// Fast counterpart of scripts/faults.sh scenario 6: with every category logging at Trace, neither the log nor any
/// exception message carries a provider API key (plaintext or stored), a virtual key value or hash, a password, a
/// password hash (legacy or upgraded), a session cookie or bearer token, the legacy JWT secret, the encryption key or the
/// connection string's password — through normal traffic (legacy and current provider keys decrypted for the upstream),
/// rejected keys, duplicate keys, validation errors, failed and successful logins with a hash upgrade, and a database
/// outage. The login page's HTML and the admin answers carry none either.
/// </summary>
public class SecretsInLogsTests
{
    [Test]
    public async Task No_secret_reaches_a_log_line_or_an_error_message()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var suffix = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var providerPlaintext = $"sk-current{suffix}";
        var providerSecret = GatewayHostFactory.Protector.Protect(providerPlaintext);
        var legacyJwtSecret = $"jwt-secret-{suffix}-of-the-typescript-gateway";
        var legacyPlaintext = $"sk-legacy{suffix}";
        var legacyStored = LegacyFormats.EncryptProviderKey(legacyJwtSecret, legacyPlaintext);
        var keyValue = $"vk_secret{suffix}";
        var legacyKeyValue = $"vk_legacy{suffix}";
        var keyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keyValue)));
        var adminPassword = $"admin-pw-{suffix}";
        var passwordHash = LegacyFormats.PasswordHash(adminPassword);
        string? upgradedHash = null, bearerToken = null;
        var cookies = new List<string>();
        var databasePassword = new MySqlConnectionStringBuilder(TestDatabaseServer.AdminConnectionString).Password;
        var capture = new CapturingLoggerProvider();
        // Configuration rules outrank SetMinimumLevel: lift every category the sample's appsettings.json lowers.
        var trace = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
            ["Logging:LogLevel:GatewayHost.Chat"] = "Trace",
            ["GatewayPersistence:Security:LegacyJwtSecret"] = legacyJwtSecret,
        };
        var errors = new List<string>();

        await using (var factory = new GatewayHostFactory(database.ConnectionString, trace).WithWebHostBuilder(builder =>
            builder.ConfigureLogging(logging => logging.AddProvider(capture).SetMinimumLevel(LogLevel.Trace))))
        {
            var providers = factory.Services.GetRequiredService<IProviderRepository>();
            var keys = factory.Services.GetRequiredService<IVirtualKeyRepository>();
            var users = factory.Services.GetRequiredService<IUserRepository>();
            var provider = await providers.CreateAsync(new NewProvider { Name = "secret upstream", BaseUrl = "http://upstream.invalid", ApiKey = providerSecret });
            var legacyProvider = await providers.CreateAsync(new NewProvider { Name = "adopted upstream", BaseUrl = "http://upstream.invalid", ApiKey = legacyStored });
            await keys.CreateAsync(new NewVirtualKey { KeyValue = keyValue, KeyHash = keyHash, Name = "secret key", ProviderId = provider.Id });
            await keys.CreateAsync(new NewVirtualKey { KeyValue = legacyKeyValue, KeyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(legacyKeyValue))), Name = "legacy key", ProviderId = legacyProvider.Id });
            var admin = await users.CreateAsync(new NewUser { Username = "secret-admin", PasswordHash = passwordHash });

            // Errors that carry the secret in the provider's own message.
            errors.Add(await MessageOfAsync(() => keys.CreateAsync(new NewVirtualKey { KeyValue = keyValue, KeyHash = "other", Name = "dup" })));
            errors.Add(await MessageOfAsync(() => keys.CreateAsync(new NewVirtualKey { KeyValue = "other-key-value", KeyHash = keyHash, Name = "dup" })));
            errors.Add(await MessageOfAsync(() => users.CreateAsync(new NewUser { Username = "secret-admin", PasswordHash = passwordHash })));
            errors.Add(await MessageOfAsync(() => providers.CreateAsync(new NewProvider { Name = new string('n', 300), BaseUrl = "x", ApiKey = providerSecret })));

            using var client = WithKey(factory.CreateClient(), keyValue);
            for (var i = 0; i < 5; i++)
            {
                using var ok = await client.PostAsync("/v1/chat/completions",
                    HostTestData.Json("""{"model":"m","messages":[{"role":"user","content":"hello"}]}"""));
                Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }

            using (var legacyClient = WithKey(factory.CreateClient(), legacyKeyValue))
            using (var ok = await legacyClient.PostAsync("/v1/chat/completions",
                HostTestData.Json("""{"model":"m","messages":[{"role":"user","content":"hello"}]}""")))
            {
                Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the legacy key decrypted for the upstream");
            }

            // The login paths: a failed login, a page, a bearer login (upgrading the legacy hash), a cookie login.
            using var browser = factory.CreateClient();
            using (var page = await browser.GetAsync("/admin/login"))
            {
                errors.Add(await page.Content.ReadAsStringAsync());
            }

            using (var failed = await browser.PostAsJsonAsync("/admin/login", new { username = "secret-admin", password = adminPassword + "x" }))
            {
                Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
                errors.Add(await failed.Content.ReadAsStringAsync());
            }

            using (var bearer = await browser.PostAsJsonAsync("/admin/login", new { username = "secret-admin", password = adminPassword }))
            {
                Assert.That(bearer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                bearerToken = (await bearer.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
            }

            upgradedHash = (await users.GetByIdAsync(admin.Id))!.PasswordHash;
            Assert.That(upgradedHash, Does.StartWith("pbkdf2-sha256$"), "the login upgraded the legacy hash");
            using (var cookie = await browser.PostAsJsonAsync("/admin/login?useCookies=true", new { username = "secret-admin", password = adminPassword }))
            {
                Assert.That(cookie.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
                cookies.AddRange(cookie.Headers.GetValues("Set-Cookie").Select(header => header.Split(';')[0].Split('=', 2)[1]));
            }

            using var scripted = factory.CreateClient();
            scripted.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
            (await scripted.PostAsync("/admin/flush", null)).Dispose();
            foreach (var path in new[] { "/admin/stats", "/admin/requests", "/admin/request-log" })
            {
                using var answer = await browser.GetAsync(path);
                Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
                errors.Add(await answer.Content.ReadAsStringAsync());
            }

            using var wrongKey = WithKey(factory.CreateClient(), keyValue + "x");
            using var rejected = await wrongKey.PostAsync("/v1/chat/completions", HostTestData.Json("""{"model":"m","messages":[]}"""));
            Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            errors.Add(await rejected.Content.ReadAsStringAsync());
        }

        // A host whose database is unreachable: health and requests fail, and say so without the password.
        var unreachable = new MySqlConnectionStringBuilder(database.ConnectionString) { Port = 1, ConnectionTimeout = 2 }.ConnectionString;
        var noSeed = new Dictionary<string, string?>(trace) { ["GatewayHost:SeedDemoData"] = "false" };
        await using (var down = new GatewayHostFactory(unreachable, noSeed).WithWebHostBuilder(builder =>
            builder.ConfigureLogging(logging => logging.AddProvider(capture).SetMinimumLevel(LogLevel.Trace))))
        {
            using var client = WithKey(down.CreateClient(), keyValue);
            using var health = await client.GetAsync("/health");
            errors.Add(await health.Content.ReadAsStringAsync());
            using var chat = await client.PostAsync("/v1/chat/completions", HostTestData.Json("""{"model":"m","messages":[{"role":"user","content":"x"}]}"""));
            Assert.That(chat.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            errors.Add(await chat.Content.ReadAsStringAsync());
        }

        Assert.That(capture.Lines, Has.Count.GreaterThan(200), "logging below Information was captured");
        Assert.That(capture.Lines.Where(line => line.Contains("Microsoft.EntityFrameworkCore.Database.Command", StringComparison.Ordinal)), Is.Not.Empty,
            "every SQL command was logged");
        var secrets = new Dictionary<string, string>
        {
            ["provider api key (stored)"] = providerSecret,
            ["provider api key (plaintext)"] = providerPlaintext,
            ["legacy provider api key (stored)"] = legacyStored,
            ["legacy provider api key (plaintext)"] = legacyPlaintext,
            ["legacy JWT secret"] = legacyJwtSecret,
            ["provider-key encryption key"] = GatewayHostFactory.ProviderKeyEncryptionKey,
            ["virtual key value"] = keyValue,
            ["virtual key hash"] = keyHash,
            ["admin password"] = adminPassword,
            ["password hash (legacy)"] = passwordHash,
            ["password hash (upgraded)"] = upgradedHash!,
            ["bearer token"] = bearerToken!,
            ["database password"] = databasePassword,
        };
        for (var i = 0; i < cookies.Count; i++)
        {
            secrets[$"session cookie {i}"] = cookies[i];
        }

        // Parts of a hash are secrets too (a log line could carry just the salt or the digest).
        secrets["legacy password salt"] = passwordHash.Split(':')[0];
        secrets["legacy password digest"] = passwordHash.Split(':')[1];
        foreach (var (name, secret) in secrets)
        {
            Assert.That(capture.Lines.Where(line => line.Contains(secret, StringComparison.Ordinal)), Is.Empty, $"{name} in a log line");
            Assert.That(errors.Where(message => message.Contains(secret, StringComparison.Ordinal)), Is.Empty, $"{name} in an error");
        }
    }

    private static HttpClient WithKey(HttpClient client, string keyValue)
    {
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", keyValue);
        return client;
    }

    private static async Task<string> MessageOfAsync(Func<Task> action)
    {
        // Each case must throw: a repository that stopped refusing would otherwise pass with an empty message.
        var exception = Assert.CatchAsync(async () => await action(), "the repository must refuse this write");
        Assert.That(exception, Is.InstanceOf<RepositoryException>(), exception?.ToString());
        return exception!.ToString();
    }
}
