using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace GatewayPersistence.Tests.Host;

/// <summary>The sample gateway host (samples/GatewayHost) in memory, on a test database.</summary>
internal sealed class GatewayHostFactory(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, configuration) =>
        {
            var values = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Gateway"] = connectionString,
                ["GatewayPersistence:ServerVersion"] = TestDatabaseServer.ServerVersion.ToString(),
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
