using GatewayPersistence.Statistics;
using static GatewayPersistence.Tests.Statistics.StatisticsTestSupport;

namespace GatewayPersistence.Tests.Statistics;

/// <summary>A small fixed data set whose answers were worked out by hand; every statistic, from the rollup and raw.</summary>
[TestFixture(true)]
[TestFixture(false)]
public class HandComputedStatisticsTests(bool useRollup)
{
    private static readonly long H = DateTimeOffset.Parse("2026-01-10T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
    private const long Minute = 60_000;
    private TestDatabase database = null!;

    private static DateTimeOffset At(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    [OneTimeSetUp]
    public async Task SeedAsync()
    {
        database = await TestDatabase.CreateMigratedAsync();
        await AddProviderAsync(database, "p1", "OpenAI");
        await AddProviderAsync(database, "p2", "Anthropic");
        await AddProviderAsync(database, "p3", "Gone");
        await AddVirtualKeyAsync(database, "k1", "alpha");
        await AddVirtualKeyAsync(database, "k2", "hidden", disableLogging: true);
        await AddVirtualKeyAsync(database, "k3", "deleted");
        await InsertBatchAsync(database,
        [
            new("r1", "k1", "p1", "gpt-4", 100, 50, 0, "success", 1000, false, H + (10 * Minute)),
            new("r2", "k1", "p1", "gpt-4", 200, 100, 40, "success", 3000, false, H + (70 * Minute)),
            new("r3", "k1", "p2", "claude", 10, 5, 0, "error", null, false, H + (20 * Minute)),
            new("r4", null, "p1", "gpt-4", 30, 20, 30, "success", 500, true, H + (30 * Minute)),
        ]);
        await InsertBatchAsync(database,
        [
            new("r5", "k2", "p1", "gpt-4", 999, 999, 0, "success", 9999, false, H + (15 * Minute)),
            new("r6", "k3", "p2", "claude", 1, 2, 0, "timeout", 200, false, H + (25 * 60 * Minute)),
            new("r7", null, "p3", null, 5, 5, 0, "success", 100, false, H + (40 * Minute)),
            new("r8", "k1", "p1", "gpt-4", 7, 7, 0, "success", 7, false, H - Minute),
        ]);

        // Deleting a key or provider nulls the raw rows' column; the rollup keeps the old id.
        await database.ExecuteAsync("DELETE FROM virtual_keys WHERE id = 'k3'; DELETE FROM providers WHERE id = 'p3'");
    }

    [OneTimeTearDown]
    public async Task DropAsync() => await database.DisposeAsync();

    [Test]
    public async Task Stats_count_visible_rows_tokens_without_cache_hits_and_latency()
    {
        var stats = await CreateStatistics(database, useRollup).GetStatsAsync(new StatsQuery(At(H + (5 * Minute)), At(H + (25 * 60 * Minute) + (30 * Minute))));

        // Visible: r1 r2 r3 r4 r6 r7 (r5's key hides it; r8 is before the window).
        Assert.That(stats, Is.EqualTo(new ApiRequestStats(
            At(H + (5 * Minute)), At(H + (25 * 60 * Minute) + (30 * Minute)),
            TotalRequests: 6, SuccessfulRequests: 4, FailedRequests: 1,
            PromptTokensExcludingCacheHits: 100 + 200 + 10 + 1 + 5,
            CompletionTokensExcludingCacheHits: 50 + 100 + 5 + 2 + 5,
            TotalTokensExcludingCacheHits: 150 + 300 + 15 + 3 + 10,
            CachedTokens: 70, AverageResponseTimeMs: (1000m + 3000 + 500 + 200 + 100) / 5,
            CacheHits: 1, PromptCacheHits: 2)));
    }

    [Test]
    public async Task Stats_filter_by_key_provider_and_model_treat_deleted_ones_as_gone()
    {
        var statistics = CreateStatistics(database, useRollup);
        var window = new StatsQuery(At(H - (60 * Minute)), At(H + (48 * 60 * Minute)));
        Assert.That((await statistics.GetStatsAsync(window with { VirtualKeyId = "k1" })).TotalRequests, Is.EqualTo(4));
        Assert.That((await statistics.GetStatsAsync(window with { VirtualKeyId = "k3" })).TotalRequests, Is.Zero);
        Assert.That((await statistics.GetStatsAsync(window with { ProviderId = "p2" })).TotalRequests, Is.EqualTo(2));
        Assert.That((await statistics.GetStatsAsync(window with { ProviderId = "p3" })).TotalRequests, Is.Zero);
        Assert.That((await statistics.GetStatsAsync(window with { Model = "gpt-4" })).TotalRequests, Is.EqualTo(4));
        Assert.That((await statistics.GetStatsAsync(window with { Model = "gpt-4", ProviderId = "p1", VirtualKeyId = "k1" })).TotalRequests, Is.EqualTo(3));
    }

    [Test]
    public async Task Stats_default_to_the_last_24_hours_before_now()
    {
        var statistics = CreateStatistics(database, useRollup, now: At(H + (24 * 60 * Minute)));
        var stats = await statistics.GetStatsAsync(new StatsQuery());
        Assert.That(stats.From, Is.EqualTo(At(H)));
        Assert.That(stats.TotalRequests, Is.EqualTo(5), "r1 r2 r3 r4 r7; r8 is a minute too early and r6 an hour too late");
    }

    [Test]
    public async Task Hourly_trend_has_a_series_per_key_over_every_bucket()
    {
        var trend = await CreateStatistics(database, useRollup).GetTrendAsync(new TrendQuery(At(H), At(H + (120 * Minute) - 1), TrendInterval.Hour));

        Assert.That(trend.BucketStarts, Is.EqualTo(new[] { At(H), At(H + (60 * Minute)) }));
        Assert.That(trend.Series.Select(s => (s.VirtualKeyId, s.VirtualKeyName)), Is.EqualTo(new[] { ("k1", "alpha"), ((string?)null, "unknown") }));
        Assert.That(trend.Series[0].Points, Is.EqualTo(new[] { new TrendPoint(At(H), 2, 1, 1, 165), new TrendPoint(At(H + (60 * Minute)), 1, 1, 0, 300) }));
        Assert.That(trend.Series[1].Points, Is.EqualTo(new[] { new TrendPoint(At(H), 2, 2, 0, 60), new TrendPoint(At(H + (60 * Minute)), 0, 0, 0, 0) }));
    }

    [Test]
    public async Task Daily_trend_counts_cache_hit_tokens_and_reports_deleted_keys_as_unknown()
    {
        var trend = await CreateStatistics(database, useRollup).GetTrendAsync(new TrendQuery(At(H), At(H + (26 * 60 * Minute)), TrendInterval.Day));

        var day1 = At(H - (10 * 60 * Minute));
        var day2 = At(H + (14 * 60 * Minute));
        Assert.That(trend.BucketStarts, Is.EqualTo(new[] { day1, day2 }));
        Assert.That(trend.Series, Has.Count.EqualTo(2));
        Assert.That(trend.Series[0].Points, Is.EqualTo(new[] { new TrendPoint(day1, 3, 2, 1, 465), new TrendPoint(day2, 0, 0, 0, 0) }));
        Assert.That(trend.Series[1].VirtualKeyName, Is.EqualTo("unknown"));
        Assert.That(trend.Series[1].Points, Is.EqualTo(new[] { new TrendPoint(day1, 2, 2, 0, 60), new TrendPoint(day2, 1, 0, 0, 3) }));
    }

    [Test]
    public async Task Trend_filters_by_provider_and_model()
    {
        var statistics = CreateStatistics(database, useRollup);
        var byProvider = await statistics.GetTrendAsync(new TrendQuery(At(H), At(H + (26 * 60 * Minute)), TrendInterval.Day, ProviderId: "p2"));
        Assert.That(byProvider.Series.Select(s => s.Points.Sum(p => p.Requests)), Is.EqualTo(new long[] { 1, 1 }), "k1's r3, unknown's r6");

        var byModel = await statistics.GetTrendAsync(new TrendQuery(At(H), At(H + (26 * 60 * Minute)), TrendInterval.Day, Model: "gpt-4"));
        Assert.That(byModel.Series.Select(s => s.Points.Sum(p => p.Requests)), Is.EqualTo(new long[] { 2, 1 }), "k1's r1 r2, unknown's r4");
    }

    [Test]
    public async Task Model_stats_rank_model_and_provider_pairs_by_requests()
    {
        var models = await CreateStatistics(database, useRollup).GetModelStatsAsync(At(H), At(H + (26 * 60 * Minute)));

        Assert.That(models, Is.EqualTo(new[]
        {
            new ModelUsageStats("gpt-4", "p1", "OpenAI", 3, 330, 170, 500, 1500m),
            new ModelUsageStats("claude", "p2", "Anthropic", 2, 11, 7, 18, 200m),
            new ModelUsageStats(null, null, null, 1, 5, 5, 10, 100m),
        }));
    }

    [Test]
    public async Task A_window_ending_now_leaves_out_the_rows_of_its_hour_after_now_and_the_groups_only_they_had()
    {
        // Now is 10:25; r4 (10:30, no key) and r7 (10:40, no key, deleted provider) were written "after now" (another
        // instance's clock). Through the rollup the 10:00 hour is its rollup row minus the rows after now, which must
        // cancel r4 and r7 exactly: no unknown-key series, no (no model, no provider) group.
        var now = At(H + (25 * Minute));
        var statistics = CreateStatistics(database, useRollup, now: now);
        var from = At(H - (90 * Minute));

        Assert.That(await statistics.GetStatsAsync(new StatsQuery(from, now)), Is.EqualTo(new ApiRequestStats(
            from, now, TotalRequests: 3, SuccessfulRequests: 2, FailedRequests: 1,
            PromptTokensExcludingCacheHits: 7 + 100 + 10, CompletionTokensExcludingCacheHits: 7 + 50 + 5,
            TotalTokensExcludingCacheHits: 14 + 150 + 15, CachedTokens: 0, AverageResponseTimeMs: (7m + 1000) / 2,
            CacheHits: 0, PromptCacheHits: 0)));

        var trend = await statistics.GetTrendAsync(new TrendQuery(from, now, TrendInterval.Hour));
        Assert.That(trend.Series.Select(s => s.VirtualKeyId), Is.EqualTo(new[] { "k1" }));
        Assert.That(trend.Series[0].Points, Is.EqualTo(new[]
        {
            new TrendPoint(At(H - (120 * Minute)), 0, 0, 0, 0), new TrendPoint(At(H - (60 * Minute)), 1, 1, 0, 14),
            new TrendPoint(At(H), 2, 1, 1, 165),
        }));

        Assert.That(await statistics.GetModelStatsAsync(from, now), Is.EqualTo(new[]
        {
            new ModelUsageStats("gpt-4", "p1", "OpenAI", 2, 107, 57, 164, 503.5m),
            new ModelUsageStats("claude", "p2", "Anthropic", 1, 10, 5, 15, null),
        }));
    }

    [Test]
    public async Task Response_time_stats_list_visible_successful_rows_newest_first()
    {
        var samples = await CreateStatistics(database, useRollup).GetModelResponseTimeStatsAsync(At(H), At(H + (26 * 60 * Minute)));

        Assert.That(samples, Is.EqualTo(new[]
        {
            new ModelResponseTimeSample("gpt-4", At(H + (70 * Minute)), 3000),
            new ModelResponseTimeSample(null, At(H + (40 * Minute)), 100),
            new ModelResponseTimeSample("gpt-4", At(H + (30 * Minute)), 500),
            new ModelResponseTimeSample("gpt-4", At(H + (10 * Minute)), 1000),
        }));
    }

    [Test]
    public async Task Empty_and_reversed_windows_answer_zeros()
    {
        var statistics = CreateStatistics(database, useRollup);
        var reversed = await statistics.GetStatsAsync(new StatsQuery(At(H + Minute), At(H)));
        Assert.That(reversed.TotalRequests, Is.Zero);
        Assert.That(reversed.AverageResponseTimeMs, Is.Null);

        var quiet = await statistics.GetTrendAsync(new TrendQuery(At(H + (3 * 60 * Minute)), At(H + (5 * 60 * Minute)), TrendInterval.Hour));
        Assert.That(quiet.BucketStarts, Has.Count.EqualTo(3));
        Assert.That(quiet.Series, Is.Empty);
        Assert.That(await statistics.GetModelStatsAsync(At(H + (3 * 60 * Minute)), At(H + (5 * 60 * Minute))), Is.Empty);
    }
}

/// <summary>The disable_logging flag is read at query time, so flipping it changes the answers at once.</summary>
public class DisableLoggingFlagTests
{
    [TestCase(true)]
    [TestCase(false)]
    public async Task Changing_the_flag_changes_the_answer_immediately(bool useRollup)
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await AddVirtualKeyAsync(database, "k1", "one");
        var hour = DateTimeOffset.Parse("2026-02-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        await InsertBatchAsync(database, [new("a", "k1", null, "m", 1, 1, 0, "success", 10, false, hour.ToUnixTimeMilliseconds() + 5)]);
        var statistics = CreateStatistics(database, useRollup);
        var query = new StatsQuery(hour.AddHours(-1), hour.AddHours(2));

        Assert.That((await statistics.GetStatsAsync(query)).TotalRequests, Is.EqualTo(1));
        await database.ExecuteAsync("UPDATE virtual_keys SET disable_logging = 1 WHERE id = 'k1'");
        Assert.That((await statistics.GetStatsAsync(query)).TotalRequests, Is.Zero);
        await database.ExecuteAsync("UPDATE virtual_keys SET disable_logging = 0 WHERE id = 'k1'");
        Assert.That((await statistics.GetStatsAsync(query)).TotalRequests, Is.EqualTo(1));
    }
}
