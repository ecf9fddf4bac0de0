using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using GatewayPersistence.RequestLog;
using GatewayPersistence.Tests.RequestLog;
using GatewayPersistence.Tests.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayPersistence.Tests.Host;

/// <summary>The sample host's health checks, migrate-on-start and first-start seeding, on real databases.</summary>
public sealed class HostStartupAndHealthTests
{
    private static readonly Dictionary<string, string?> NoSeed = new() { ["GatewayHost:SeedDemoData"] = "false" };

    [Test]
    public async Task Health_is_Healthy_then_Degraded_while_the_database_is_unreachable_and_Healthy_again_after()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var proxy = TcpProxy.Start(database.ConnectionString);
        var settings = new Dictionary<string, string?>(NoSeed)
        {
            // One quick retry, then the journal: the outage below is short and deliberate.
            ["GatewayPersistence:RequestLog:MaxRetryAttempts"] = "1",
            ["GatewayPersistence:RequestLog:ProbeInterval"] = "00:00:00.200",
        };
        await using var factory = new GatewayHostFactory(proxy.Route(database.ConnectionString), settings);
        using var client = await factory.CreateAdminClientAsync();

        using (var healthy = await GetHealthAsync(client))
        {
            Assert.Multiple(() =>
            {
                Assert.That(Status(healthy), Is.EqualTo("Healthy"));
                Assert.That(Status(healthy, "gateway-database"), Is.EqualTo("Healthy"));
                Assert.That(Status(healthy, "gateway-request-log"), Is.EqualTo("Healthy"));
            });
        }

        proxy.Refuse();
        // A request logged while the database is away goes to the spill journal, not lost.
        var requestLog = factory.Services.GetRequiredService<IApiRequestLog>();
        Assert.That(requestLog.Enqueue(new ApiRequestRecord
        {
            Id = "during-outage", CreatedAt = DateTimeOffset.UtcNow, Status = "success", PromptTokens = 7, CompletionTokens = 5,
        }), Is.True);
        using (var flush = await client.PostAsync("/admin/flush", content: null))
        {
            Assert.That(flush.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var degraded = await GetHealthAsync(client))
        {
            var databaseEntry = degraded.RootElement.GetProperty("entries").GetProperty("gateway-database");
            Assert.Multiple(() =>
            {
                Assert.That(Status(degraded), Is.EqualTo("Degraded"));
                Assert.That(Status(degraded, "gateway-database"), Is.EqualTo("Degraded"));
                Assert.That(databaseEntry.GetProperty("description").GetString(), Does.Contain("unreachable").Or.Contain("did not answer"));
                Assert.That(Status(degraded, "gateway-request-log"), Is.EqualTo("Degraded"), "spilling to the journal");
                Assert.That(degraded.RootElement.GetProperty("entries").GetProperty("gateway-request-log")
                    .GetProperty("data").GetProperty("spilling").GetBoolean(), Is.True);
            });
        }

        proxy.Accept();
        using (var flush = await client.PostAsync("/admin/flush", content: null))
        {
            Assert.That(flush.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var recovered = await GetHealthAsync(client))
        {
            Assert.That(Status(recovered), Is.EqualTo("Healthy"));
        }

        Assert.That(await database.ScalarAsync<long>("SELECT total_tokens FROM api_requests WHERE id = 'during-outage'"), Is.EqualTo(12));
    }

    [Test]
    public async Task Health_of_a_host_whose_database_never_answers_is_Degraded_without_the_password()
    {
        const string password = "unreachable-secret-pw";
        var closed = new MySqlConnectionStringBuilder
        {
            Server = "127.0.0.1", Port = (uint)ClosedPort(), Database = "gateway", UserID = "gateway", Password = password,
        }.ConnectionString;
        await using var unreachable = new GatewayHostFactory(closed, NoSeed);
        using var client = unreachable.CreateClient();

        using var response = await client.GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "Degraded still answers 200: the gateway keeps serving");
            Assert.That(Status(json), Is.EqualTo("Degraded"));
            Assert.That(Status(json, "gateway-database"), Is.EqualTo("Degraded"));
            Assert.That(body, Does.Not.Contain(password));
        });
    }

    [Test]
    public async Task MigrateOnStartup_migrates_an_empty_database_before_the_seeder_runs_and_the_seed_happens_once()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        var settings = new Dictionary<string, string?> { ["GatewayPersistence:MigrateOnStartup"] = "true" };

        await using (var first = new GatewayHostFactory(database.ConnectionString, settings))
        {
            using var client = first.CreateClient();
            using var health = await client.GetAsync("/health");
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await using (var second = new GatewayHostFactory(database.ConnectionString, settings))
        {
            using var client = second.CreateClient();
            using var health = await client.GetAsync("/health");
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.Multiple(async () =>
        {
            Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM __EFMigrationsHistory"), Is.GreaterThanOrEqualTo(3));
            Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM providers"), Is.EqualTo(1));
            Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM models WHERE name = 'demo-echo'"), Is.EqualTo(1));
            Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM virtual_keys WHERE enabled = 1 AND key_value LIKE 'vk\\_%'"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task MigrateOnStartup_on_a_legacy_database_backfills_the_rollup_so_stats_count_the_old_requests()
    {
        await using var database = await LegacyAdoptionTests.CreateLegacyDatabaseAsync(LegacyAdoptionTests.LegacyShape.Newer);
        // Whole hours around the legacy rows (2023-11-14 22:13Z and the two hours after): read from the rollup.
        const string window = "/admin/stats?from=2023-11-14T00:00:00Z&to=2023-11-16T00:00:00Z";
        var settings = new Dictionary<string, string?>(NoSeed) { ["GatewayPersistence:MigrateOnStartup"] = "true" };

        string fromRollup;
        await using (var migrating = new GatewayHostFactory(database.ConnectionString, settings))
        {
            using var client = await migrating.CreateAdminClientAsync();
            fromRollup = await client.GetStringAsync(window);
        }

        settings["GatewayPersistence:Statistics:UseHourlyRollup"] = "false";
        await using var rawRows = new GatewayHostFactory(database.ConnectionString, settings);
        using var rawClient = await rawRows.CreateAdminClientAsync();
        var fromRawRows = await rawClient.GetStringAsync(window);

        using var rollupStats = JsonDocument.Parse(fromRollup);
        Assert.Multiple(async () =>
        {
            Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_request_hourly_rollups"), Is.GreaterThan(0));
            Assert.That(rollupStats.RootElement.GetProperty("totalRequests").GetInt64(), Is.GreaterThan(0));
            Assert.That(fromRollup, Is.EqualTo(fromRawRows), "the rollup answers as the raw rows do");
        });
    }

    [Test]
    public async Task Seeded_demo_key_authenticates()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var factory = new GatewayHostFactory(database.ConnectionString);
        _ = factory.Server; // starts the host, which seeds the empty database
        var keyValue = await database.ScalarAsync<string>("SELECT key_value FROM virtual_keys");
        using var client = factory.CreateClient(keyValue);

        using var response = await client.PostAsync("/v1/chat/completions", HostTestData.Json(HostTestData.ValidChat));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static async Task<JsonDocument> GetHealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "Healthy and Degraded both answer 200");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static string? Status(JsonDocument health, string? entry = null)
        => (entry is null ? health.RootElement : health.RootElement.GetProperty("entries").GetProperty(entry)).GetProperty("status").GetString();

    private static int ClosedPort()
    {
        // Bind, read the port, release it: nothing listens there afterwards.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
