using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Repositories;
using GatewayPersistence.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.Tests.Host;

/// <summary>
/// The sample gateway host (samples/GatewayHost) in memory, on a test database, with its own request-log journal and
/// dead-letter directories (the defaults under the test assembly's directory would be shared by every host of the run,
/// and one host would replay another's journal into its database), the run's provider-key encryption key, and the
/// lowest accepted PBKDF2 iteration count (logins are what the tests time least).
/// </summary>
internal sealed class GatewayHostFactory(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    /// <summary>The AES-GCM key of every test host of this run (random per run, never a constant in the repository).</summary>
    public static readonly string ProviderKeyEncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The admin <see cref="CreateAdminClientAsync"/> signs in as.</summary>
    public const string AdminUsername = "test-admin";

    /// <summary>Random per run, like the encryption key.</summary>
    public static readonly string AdminPassword = "pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    /// <summary>The protector the test hosts use, to store provider keys as the host expects them.</summary>
    public static IProviderKeyProtector Protector { get; } = new ProviderKeyProtector(Options.Create(
        new GatewayPersistenceOptions { Security = { ProviderKeyEncryptionKey = ProviderKeyEncryptionKey } }));

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
                ["GatewayPersistence:Security:ProviderKeyEncryptionKey"] = ProviderKeyEncryptionKey,
                ["GatewayPersistence:Security:PasswordIterations"] = GatewaySecurityOptions.MinimumPasswordIterations.ToString(System.Globalization.CultureInfo.InvariantCulture),
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

    /// <summary>
    /// A client signed in as an admin with the session cookie (the test client keeps cookies), creating the admin
    /// <see cref="AdminUsername"/> first when the database has none. Chat requests on it still send their own key.
    /// </summary>
    public async Task<HttpClient> CreateAdminClientAsync()
    {
        var users = Services.GetRequiredService<IUserRepository>();
        if (await users.GetByUsernameAsync(AdminUsername) is null)
        {
            var hash = Services.GetRequiredService<IGatewayPasswordHasher>().HashPassword(AdminPassword);
            await users.CreateAsync(new NewUser { Username = AdminUsername, PasswordHash = hash });
        }

        var client = CreateClient();
        using var login = await client.PostAsJsonAsync("/admin/login?useCookies=true", new { username = AdminUsername, password = AdminPassword });
        if (login.StatusCode != HttpStatusCode.NoContent)
        {
            client.Dispose();
            throw new InvalidOperationException($"The test admin could not sign in: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}");
        }

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
            // Stored encrypted, as the host expects every provider key (its fake upstream refuses anything else).
            provider = new Provider
            {
                Id = "prov-test", Name = "test provider", BaseUrl = "http://upstream.invalid",
                ApiKey = GatewayHostFactory.Protector.Protect("sk-test-upstream-key"), CreatedAt = now, UpdatedAt = now,
            };
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
