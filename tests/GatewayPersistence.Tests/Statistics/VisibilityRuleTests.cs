using GatewayPersistence.Repositories;
using GatewayPersistence.Statistics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using static GatewayPersistence.Tests.Statistics.StatisticsTestSupport;

namespace GatewayPersistence.Tests.Statistics;

/// <summary>
/// Every request-log read path applies the one visibility rule (<see cref="ApiRequestVisibility"/>): the rows of a key
/// with <c>disable_logging</c> are absent from each answer, while rows without a key and rows of a deleted key stay.
/// The hidden rows are the newest, the slowest and the only ones of their model, so any read that forgets the rule
/// returns something it must not.
/// </summary>
[TestFixture(true)]
[TestFixture(false)]
public class VisibilityRuleTests(bool useRollup)
{
    private const long Minute = 60_000;
    private const string HiddenModel = "hidden-model";
    private static readonly long H = DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(H + (3 * 60 * Minute) + (20 * Minute));
    private static readonly DateTimeOffset From = DateTimeOffset.FromUnixTimeMilliseconds(H + (25 * Minute));
    private TestDatabase database = null!;
    private readonly List<string> visibleIds = [];

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        database = await TestDatabase.CreateMigratedAsync();
        await AddProviderAsync(database, "p1", "OpenAI");
        await AddVirtualKeyAsync(database, "shown", "shown");
        await AddVirtualKeyAsync(database, "hidden", "hidden", disableLogging: true);
        await AddVirtualKeyAsync(database, "deleted", "deleted");
        var rows = new List<RequestRow>();
        for (var i = 0; i < 24; i++)
        {
            var at = H + (30 * Minute) + (i * 7 * Minute);
            var key = (i % 4) switch { 0 => "shown", 1 => null, 2 => "deleted", _ => "hidden" };
            var hidden = key == "hidden";
            rows.Add(new RequestRow(
                $"v{i:D2}", key, "p1", hidden ? HiddenModel : "gpt-4", 10, 5, 0, "success", hidden ? 90_000 : 100 + i, false,
                hidden ? at + (3 * Minute) : at));
            if (!hidden)
            {
                visibleIds.Add($"v{i:D2}");
            }
        }

        await InsertBatchAsync(database, rows);
        await database.ExecuteAsync("DELETE FROM virtual_keys WHERE id = 'deleted'");
    }

    [OneTimeTearDown]
    public async Task DropAsync() => await database.DisposeAsync();

    [Test]
    public async Task The_listing_the_last_request_and_a_keys_requests_leave_the_hidden_key_out()
    {
        var factory = new PooledDbContextFactory<GatewayDbContext>(database.ContextOptions);
        var repository = new ApiRequestRepository(factory, new FixedTimeProvider(Now), NullLogger<ApiRequestRepository>.Instance);

        var page = await repository.GetAllAsync(new ApiRequestQuery { Limit = 100 });
        Assert.That(page.Items.Select(r => r.Id), Is.EquivalentTo(visibleIds));
        Assert.That(page.Total, Is.EqualTo(visibleIds.Count));
        Assert.That((await repository.GetAllAsync(new ApiRequestQuery { Limit = 100, VirtualKeyId = "hidden" })).Total, Is.Zero);
        Assert.That(await repository.GetByVirtualKeyAsync("hidden"), Is.Empty);
        Assert.That(await repository.GetByIdAsync("v03"), Is.Null);
        Assert.That((await repository.GetLastRequestAsync())!.CreatedAt, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(H + (30 * Minute) + (22 * 7 * Minute))));
    }

    [Test]
    public async Task Stats_count_only_visible_rows()
    {
        var statistics = CreateStatistics(database, useRollup, now: Now);
        var stats = await statistics.GetStatsAsync(new StatsQuery(From, Now));
        Assert.That(stats.TotalRequests, Is.EqualTo(visibleIds.Count));
        Assert.That((await statistics.GetStatsAsync(new StatsQuery(From, Now, VirtualKeyId: "hidden"))).TotalRequests, Is.Zero);
        Assert.That((await statistics.GetStatsAsync(new StatsQuery(From, Now, ProviderId: "p1"))).TotalRequests, Is.EqualTo(visibleIds.Count));
    }

    [TestCase(TrendInterval.Hour, null)]
    [TestCase(TrendInterval.Hour, "p1")]
    [TestCase(TrendInterval.Day, null)]
    [TestCase(TrendInterval.Day, "p1")]
    public async Task Trends_have_no_series_and_no_count_of_the_hidden_key(TrendInterval interval, string? providerId)
    {
        var trend = await CreateStatistics(database, useRollup, now: Now).GetTrendAsync(new TrendQuery(From, Now, interval, ProviderId: providerId));
        Assert.That(trend.Series.Select(s => s.VirtualKeyId), Does.Not.Contain("hidden"));
        Assert.That(trend.Series.Sum(s => s.Points.Sum(p => p.Requests)), Is.EqualTo(visibleIds.Count));
    }

    [Test]
    public async Task Model_stats_and_response_time_samples_leave_the_hidden_key_out()
    {
        var statistics = CreateStatistics(database, useRollup, now: Now);
        var models = await statistics.GetModelStatsAsync(From, Now);
        Assert.That(models.Select(m => m.Model), Does.Not.Contain(HiddenModel));
        Assert.That(models.Sum(m => m.Requests), Is.EqualTo(visibleIds.Count));
        var samples = await statistics.GetModelResponseTimeStatsAsync(From, Now);
        Assert.That(samples.Select(s => s.Model), Does.Not.Contain(HiddenModel));
        Assert.That(samples, Has.Count.EqualTo(visibleIds.Count));
    }
}
