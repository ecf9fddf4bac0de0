using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace GatewayPersistence.Tests.Host;

/// <summary>
/// The sample gateway host (samples/GatewayHost) in memory, on a test database, with its own request-log journal and
/// dead-letter directories (the defaults under the test assembly's directory would be shared by every host of the run,
/// and one host would replay another's journal into its database).
/// </summary>
internal sealed class GatewayHostFactory(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    private readonly string requestLogDirectory = Path.Combine(Path.GetTempPath(), $"gateway-host-tests-{Guid.NewGuid():N}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, configuration) =>
        {
            var values = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Gateway"] = connectionString,
                ["GatewayPersistence:ServerVersion"] = TestDatabaseServer.ServerVersion.ToString(),
                ["GatewayPersistence:RequestLog:JournalDirectory"] = Path.Combine(requestLogDirectory, "journal"),
                ["GatewayPersistence:RequestLog:DeadLetterDirectory"] = Path.Combine(requestLogDirectory, "dead-letter"),
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }

            configuration.AddInMemoryCollection(values);
        });
    }

    /// <summary>A client sending <paramref name="keyValue"/> as its bearer key.</summary>
    public HttpClient CreateClient(string keyValue)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", keyValue);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(requestLogDirectory))
        {
            Directory.Delete(requestLogDirectory, recursive: true);
        }
    }
}

/// <summary>Test data written straight through the context (setup only; the code under test goes through the host).</summary>
internal static class HostTestData
{
    public static async Task<VirtualKey> AddKeyAsync(TestDatabase database, string keyValue, bool enabled = true)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await using var context = database.CreateContext();
        var provider = await context.Providers.FirstOrDefaultAsync();
        if (provider is null)
        {
            provider = new Provider { Id = "prov-test", Name = "test provider", BaseUrl = "http://upstream.invalid", ApiKey = "enc", CreatedAt = now, UpdatedAt = now };
            context.Providers.Add(provider);
        }

        var key = new VirtualKey
        {
            Id = "vk-id-" + keyValue,
            KeyValue = keyValue,
            KeyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keyValue))),
            Name = "test key " + keyValue,
            ProviderId = provider.Id,
            Enabled = enabled,
            CreatedAt = now,
            UpdatedAt = now,
        };
        context.VirtualKeys.Add(key);
        await context.SaveChangesAsync();
        return key;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public const string ValidChat =
        """{"model":"demo-echo","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Count these five words please"}]}""";
}
