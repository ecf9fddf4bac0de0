using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace GatewayPersistence.Tests.Host;

/// <summary>The sample host's admin statistics, health, migrate-on-start and first-start seeding, on real databases.</summary>
public sealed class HostStatisticsAndHealthTests
{
    private static readonly Dictionary<string, string?> NoSeed = new() { ["GatewayHost:SeedDemoData"] = "false" };

    [Test]
    public async Task Admin_stats_count_the_requests_sent_after_a_flush()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await HostTestData.AddKeyAsync(database, "vk_stats_test_key_0001");
        await using var factory = new GatewayHostFactory(database.ConnectionString, NoSeed);
        using var client = factory.CreateClient("vk_stats_test_key_0001");

        var promptTokens = 0;
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsync("/v1/chat/completions", HostTestData.Json(HostTestData.ValidChat));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            promptTokens += json.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32();
        }

        using (var invalid = await client.PostAsync("/v1/chat/completions", HostTestData.Json("""{"model":"demo-echo"}""")))
        {
            Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }

        using (var flush = await client.PostAsync("/admin/flush", content: null))
        {
            Assert.That(flush.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var stats = JsonDocument.Parse(await client.GetStringAsync("/admin/stats"));
        var root = stats.RootElement;
        Assert.Multiple(() =>
        {
            // TODO(integration): property names follow the statistics records of GatewayPersistence.Statistics.
            Assert.That(root.GetProperty("totalRequests").GetInt64(), Is.EqualTo(4));
            Assert.That(root.GetProperty("successfulRequests").GetInt64(), Is.EqualTo(3));
            Assert.That(root.GetProperty("failedRequests").GetInt64(), Is.EqualTo(1));
            Assert.That(root.GetProperty("promptTokens").GetInt64(), Is.EqualTo(promptTokens));
        });

        using var page = JsonDocument.Parse(await client.GetStringAsync("/admin/requests?page=1&pageSize=2"));
        Assert.Multiple(() =>
        {
            Assert.That(page.RootElement.GetProperty("total").GetInt64(), Is.EqualTo(4));
            Assert.That(page.RootElement.GetProperty("rows").GetArrayLength(), Is.EqualTo(2));
            Assert.That(page.RootElement.GetProperty("totalPages").GetInt32(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Admin_trend_rejects_an_unknown_interval()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var factory = new GatewayHostFactory(database.ConnectionString, NoSeed);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/admin/trend?interval=week");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Health_is_Healthy_with_the_database_and_Degraded_without_it()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var reachable = new GatewayHostFactory(database.ConnectionString, NoSeed);
        using (var client = reachable.CreateClient())
        {
            using var response = await client.GetAsync("/health");
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(json.RootElement.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
                Assert.That(json.RootElement.GetProperty("entries").GetProperty("gateway-database").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            });
        }

        const string password = "unreachable-secret-pw";
        var closed = new MySqlConnectionStringBuilder
        {
            Server = "127.0.0.1", Port = (uint)ClosedPort(), Database = "gateway", UserID = "gateway", Password = password,
        }.ConnectionString;
        await using var unreachable = new GatewayHostFactory(closed, NoSeed);
        using (var client = unreachable.CreateClient())
        {
            using var response = await client.GetAsync("/health");
            var body = await response.Content.ReadAsStringAsync();
            using var json = JsonDocument.Parse(body);
            var entry = json.RootElement.GetProperty("entries").GetProperty("gateway-database");
            Assert.Multiple(() =>
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "Degraded still answers 200: the gateway keeps serving");
                Assert.That(json.RootElement.GetProperty("status").GetString(), Is.EqualTo("Degraded"));
                Assert.That(entry.GetProperty("status").GetString(), Is.EqualTo("Degraded"));
                Assert.That(entry.GetProperty("description").GetString(), Does.Contain("unreachable").Or.Contain("did not answer"));
                Assert.That(body, Does.Not.Contain(password));
            });
        }
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
