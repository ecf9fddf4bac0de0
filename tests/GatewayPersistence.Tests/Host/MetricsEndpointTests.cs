using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace GatewayPersistence.Tests.Host;

/// <summary><c>GET /metrics</c> of the sample host: the library's request-log instruments in the Prometheus text format.</summary>
public sealed partial class MetricsEndpointTests
{
    private const string KeyValue = "vk_metrics_tests_key_0000001";

    [Test]
    public async Task A_scrape_after_a_flush_shows_every_logged_row_as_written_and_nothing_queued()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await HostTestData.AddKeyAsync(database, KeyValue);
        await using var factory = new GatewayHostFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["GatewayHost:SeedDemoData"] = "false",
        });
        using var client = factory.CreateClient(KeyValue);

        for (var i = 0; i < 7; i++)
        {
            using var ok = await client.PostAsync("/v1/chat/completions", HostTestData.Json(HostTestData.ValidChat));
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var invalid = await client.PostAsync("/v1/chat/completions", HostTestData.Json("""{"model":"demo-echo"}""")))
        {
            Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "logged as an error row");
        }

        using var admin = await factory.CreateAdminClientAsync();
        using (var flush = await admin.PostAsync("/admin/flush", content: null))
        {
            Assert.That(flush.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var scrape = await admin.GetAsync("/metrics");
        var text = await scrape.Content.ReadAsStringAsync();
        var rows = await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests");

        Assert.Multiple(() =>
        {
            Assert.That(scrape.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(scrape.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain").Or.EqualTo("application/openmetrics-text"));
            Assert.That(rows, Is.EqualTo(8));
            Assert.That(Value(text, "gateway_persistence_request_log_written_total"), Is.EqualTo(rows));
            Assert.That(Value(text, "gateway_persistence_request_log_batch_size_sum"), Is.EqualTo(rows), "rows over all batches");
            Assert.That(Value(text, "gateway_persistence_request_log_batch_size_count"), Is.GreaterThanOrEqualTo(1));
            Assert.That(Value(text, "gateway_persistence_request_log_flush_duration_seconds_count"),
                Is.EqualTo(Value(text, "gateway_persistence_request_log_batch_size_count")), "one duration per committed batch");
            Assert.That(Value(text, "gateway_persistence_request_log_queued"), Is.Zero, "nothing waits after the flush");
            Assert.That(text, Does.Not.Contain("gateway_persistence_request_log_dropped_total"), "nothing was dropped");
        });
    }

    /// <summary>The value of the one sample of <paramref name="metric"/> (any labels), failing when there is none.</summary>
    private static double Value(string exposition, string metric)
    {
        var values = exposition.Split('\n')
            .Select(line => Sample().Match(line))
            .Where(match => match.Success && match.Groups["name"].Value == metric)
            .Select(match => double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture))
            .ToList();
        Assert.That(values, Has.Count.EqualTo(1), $"one sample of {metric} in:{Environment.NewLine}{exposition}");
        return values[0];
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(?<value>[-+0-9.eE]+|NaN|[+-]Inf)(\s+\d+)?\s*$")]
    private static partial Regex Sample();
}
