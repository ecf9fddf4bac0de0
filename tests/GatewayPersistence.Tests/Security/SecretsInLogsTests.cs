using System.Net;
using System.Security.Cryptography;
using System.Text;
using GatewayPersistence.Repositories;
using GatewayPersistence.Tests.Host;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatewayPersistence.Tests.Security;

/// <summary>
/// Fast counterpart of scripts/faults.sh scenario 6: with every category logging at Trace, neither the log nor any
/// exception message carries a provider API key, a virtual key value or hash, a password hash or the connection
/// string's password — through normal traffic, rejected keys, duplicate keys, validation errors and a database outage.
/// </summary>
public class SecretsInLogsTests
{
    [Test]
    public async Task No_secret_reaches_a_log_line_or_an_error_message()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var suffix = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var providerSecret = $"iv{suffix}:cipher{suffix}";
        var keyValue = $"vk_secret{suffix}";
        var keyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keyValue)));
        var passwordHash = $"salt{suffix}:hash{suffix}";
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
        };
        var errors = new List<string>();

        await using (var factory = new GatewayHostFactory(database.ConnectionString, trace).WithWebHostBuilder(builder =>
            builder.ConfigureLogging(logging => logging.AddProvider(capture).SetMinimumLevel(LogLevel.Trace))))
        {
            var providers = factory.Services.GetRequiredService<IProviderRepository>();
            var keys = factory.Services.GetRequiredService<IVirtualKeyRepository>();
            var users = factory.Services.GetRequiredService<IUserRepository>();
            var provider = await providers.CreateAsync(new NewProvider { Name = "secret upstream", BaseUrl = "http://upstream.invalid", ApiKey = providerSecret });
            await keys.CreateAsync(new NewVirtualKey { KeyValue = keyValue, KeyHash = keyHash, Name = "secret key", ProviderId = provider.Id });
            await users.CreateAsync(new NewUser { Username = "secret-admin", PasswordHash = passwordHash });

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

            using var wrongKey = WithKey(factory.CreateClient(), keyValue + "x");
            using var rejected = await wrongKey.PostAsync("/v1/chat/completions", HostTestData.Json("""{"model":"m","messages":[]}"""));
            Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            errors.Add(await rejected.Content.ReadAsStringAsync());
            (await client.PostAsync("/admin/flush", null)).Dispose();
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
            ["provider api key"] = providerSecret,
            ["virtual key value"] = keyValue,
            ["virtual key hash"] = keyHash,
            ["password hash"] = passwordHash,
            ["database password"] = databasePassword,
        };
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
        try
        {
            await action();
            return "";
        }
        catch (Exception exception)
        {
            Assert.That(exception, Is.InstanceOf<RepositoryException>(), exception.ToString());
            return exception.ToString();
        }
    }
}
