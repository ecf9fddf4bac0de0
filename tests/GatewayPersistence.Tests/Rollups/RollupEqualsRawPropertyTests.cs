using GatewayPersistence.Tests.Statistics;
using GatewayPersistence.Statistics;
using static GatewayPersistence.Tests.Statistics.StatisticsTestSupport;

namespace GatewayPersistence.Tests.Rollups;

/// <summary>
/// Random rows and random windows: every answer read through the rollup equals the answer of a scan of the raw rows,
/// exactly. Each case has a fixed seed (printed), so a failure replays.
/// </summary>
public class RollupEqualsRawPropertyTests
{
    private const long Hour = 3_600_000;
    private const int Windows = 120;

    // Covers the Europe/Berlin switch to summer time (2026-03-29), so zone days of 23 hours are in the data.
    private static readonly long Base = DateTimeOffset.Parse("2026-03-27T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
    private static readonly long Span = 4 * 24 * Hour;
    private static readonly string?[] Models = [null, "gpt-4o", "claude-3", "llama", "mistral"];
    private static readonly string?[] Statuses = ["success", "success", "success", "error", "error", "timeout", null];

    // Statuses only the server's collation compares (case, trailing space, accent, punctuation): a batch holding one is
    // counted in SQL, every other batch in process; both must agree with the raw scan.
    private static readonly string?[] CollationStatuses = [.. Statuses, "SUCCESS", "Error ", "succ\u00e9ss", "time-out", "ok"];

    [TestCase(20261127)]
    [TestCase(7)]
    [TestCase(90210)]
    public async Task Rollup_backed_answers_equal_raw_scan_answers(int seed)
    {
        TestContext.Out.WriteLine($"seed: {seed}");
        var random = new Random(seed);
        await using var database = await TestDatabase.CreateMigratedAsync();
        var keys = await SeedKeysAndProvidersAsync(database);
        await InsertRandomRowsAsync(database, random, keys);
        Assert.That(await RollupLinesAsync(database), Is.EqualTo(await ExpectedRollupLinesAsync(database)), "rollup = GROUP BY of the raw rows");

        // After the rows were written: a key and a provider are deleted (raw FKs become NULL, the rollup keeps the old id)
        // and two keys change their disable_logging flag.
        await database.ExecuteAsync("""
            DELETE FROM virtual_keys WHERE id = 'k-deleted'; DELETE FROM providers WHERE id = 'p-deleted';
            UPDATE virtual_keys SET disable_logging = 1 WHERE id = 'k3'; UPDATE virtual_keys SET disable_logging = 0 WHERE id = 'k5';
            """);

        // "Now" in the middle of the data (rows after it stand for clock skew between instances): windows around it read
        // the hour holding their end from the rollup minus the rows still to come, windows before it pick per edge.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(Base + (Span / 2) + 1_234_567);
        var pairs = new (IApiRequestStatistics Rollup, IApiRequestStatistics Raw, string Zone)[]
        {
            (CreateStatistics(database, true, now: now), CreateStatistics(database, false, now: now), "UTC"),
            (CreateStatistics(database, true, "Europe/Berlin", now), CreateStatistics(database, false, "Europe/Berlin", now), "Europe/Berlin"),
            (CreateStatistics(database, true, "Asia/Kolkata", now), CreateStatistics(database, false, "Asia/Kolkata", now), "Asia/Kolkata"),
        };
        var (rollup, raw, _) = pairs[0];
        long requestsSeen = 0;
        for (var i = 0; i < Windows; i++)
        {
            var (from, to, shape) = RandomWindow(random);
            var context = $"seed {seed}, window {i} ({shape}): [{from:O}, {to:O}]";
            var filter = RandomFilter(random);

            var stats = await rollup.GetStatsAsync(filter with { From = from, To = to });
            Assert.That(stats, Is.EqualTo(await raw.GetStatsAsync(filter with { From = from, To = to })), $"stats {filter} {context}");
            requestsSeen += stats.TotalRequests;

            var hourly = new TrendQuery(from, to, TrendInterval.Hour, filter.VirtualKeyId, filter.ProviderId, filter.Model);
            Assert.That(Describe(await rollup.GetTrendAsync(hourly)), Is.EqualTo(Describe(await raw.GetTrendAsync(hourly))), $"hourly trend {context}");

            var (zoneRollup, zoneRaw, zone) = pairs[i % pairs.Length];
            var daily = hourly with { Interval = TrendInterval.Day };
            Assert.That(Describe(await zoneRollup.GetTrendAsync(daily)), Is.EqualTo(Describe(await zoneRaw.GetTrendAsync(daily))), $"daily trend {zone} {context}");

            Assert.That(await rollup.GetModelStatsAsync(from, to), Is.EqualTo(await raw.GetModelStatsAsync(from, to)), $"model stats {context}");
        }

        Assert.That(requestsSeen, Is.GreaterThan(0), "the windows must hit data");
    }

    private static async Task<string[]> SeedKeysAndProvidersAsync(TestDatabase database)
    {
        foreach (var provider in new[] { "p0", "p1", "p2", "p-deleted" })
        {
            await AddProviderAsync(database, provider, "provider " + provider);
        }

        string[] keys = ["k0", "k1", "k2", "k3", "k4", "k5", "k-deleted"];
        foreach (var key in keys)
        {
            await AddVirtualKeyAsync(database, key, "key " + key, disableLogging: key is "k4" or "k5");
        }

        return keys;
    }

    private static async Task InsertRandomRowsAsync(TestDatabase database, Random random, string[] keys)
    {
        string?[] providers = [null, "p0", "p1", "p2", "p-deleted"];
        await using var connection = await database.OpenConnectionAsync();
        var next = 0;
        while (next < 1500)
        {
            var batch = new List<RequestRow>();
            var statuses = random.Next(3) == 0 ? CollationStatuses : Statuses;
            for (var size = random.Next(1, 80); size > 0; size--, next++)
            {
                var prompt = random.Next(10) == 0 ? (int?)null : random.Next(0, 4000);
                batch.Add(new RequestRow(
                    $"row-{next:D6}",
                    random.Next(6) == 0 ? null : keys[random.Next(keys.Length)],
                    providers[random.Next(providers.Length)],
                    Models[random.Next(Models.Length)],
                    prompt,
                    random.Next(10) == 0 ? null : random.Next(0, 2000),
                    random.Next(3) == 0 ? random.Next(1, prompt ?? 1 + 1) : random.Next(8) == 0 ? null : 0,
                    statuses[random.Next(statuses.Length)],
                    random.Next(6) == 0 ? null : random.Next(15) == 0 ? 0 : random.Next(1, 30_000),
                    random.Next(6) == 0,
                    RandomTime(random)));
            }

            await InsertBatchAsync(connection, batch);
        }
    }

    private static long RandomTime(Random random)
    {
        var hour = Base + (random.NextInt64(Span / Hour) * Hour);
        return random.Next(5) switch
        {
            0 => hour,                 // first millisecond of an hour
            1 => hour + Hour - 1,      // last millisecond of an hour
            _ => hour + random.NextInt64(Hour),
        };
    }

    private static (DateTimeOffset From, DateTimeOffset To, string Shape) RandomWindow(Random random)
    {
        var anyTime = Base - (3 * Hour) + random.NextInt64(Span + (6 * Hour));
        var hourStart = anyTime - (anyTime % Hour);
        var (from, to, shape) = random.Next(7) switch
        {
            0 => (anyTime, anyTime + random.NextInt64(Span), "mid-hour edges"),
            1 => (hourStart, hourStart + (random.Next(1, 72) * Hour) - 1, "whole hours"),
            2 => (hourStart, hourStart + Hour - 1, "single hour"),
            3 => (anyTime, anyTime + random.NextInt64(Hour / 2), "inside one hour"),
            4 => (anyTime, anyTime - 1 - random.NextInt64(Hour), "empty (reversed)"),
            5 => (hourStart + 1, hourStart + (random.Next(1, 30) * Hour), "one millisecond past hours"),
            _ => (hourStart - 1, hourStart + (random.Next(2, 100) * Hour) + random.NextInt64(Hour), "from the last millisecond of an hour"),
        };
        return (DateTimeOffset.FromUnixTimeMilliseconds(from), DateTimeOffset.FromUnixTimeMilliseconds(to), shape);
    }

    private static StatsQuery RandomFilter(Random random) => random.Next(6) switch
    {
        0 => new StatsQuery(VirtualKeyId: "k1"),
        1 => new StatsQuery(VirtualKeyId: "k-deleted"),
        2 => new StatsQuery(ProviderId: random.Next(2) == 0 ? "p1" : "p-deleted"),
        3 => new StatsQuery(Model: Models[random.Next(1, Models.Length)]),
        4 => new StatsQuery(VirtualKeyId: "k2", ProviderId: "p0", Model: "llama"),
        _ => new StatsQuery(),
    };

    private static List<string> Describe(ApiRequestTrend trend)
    {
        var lines = new List<string> { $"{trend.From:O} {trend.To:O} {trend.Interval} buckets: {string.Join(",", trend.BucketStarts.Select(b => b.ToUnixTimeMilliseconds()))}" };
        lines.AddRange(trend.Series.SelectMany(series => series.Points.Select(point => $"{series.VirtualKeyId}|{series.VirtualKeyName}|{point}")));
        return lines;
    }
}
