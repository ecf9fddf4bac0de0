using GatewayPersistence.Statistics;

namespace GatewayPersistence.UnitTests.Statistics;

/// <summary>
/// The key trend's point placement: hour rows in any order, negative ones included, add up into zero-filled series
/// by key rank, the unknown key last; keys without requests in the window have no series.
/// </summary>
public class RankedTrendSeriesBuilderTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-03-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public void Hours_add_up_by_rank_with_the_unknown_key_last_and_zeros_where_no_row_was()
    {
        var buckets = TimeBuckets.Create(Start, Start.AddHours(2), TrendInterval.Hour);
        var builder = new RankedTrendSeriesBuilder(buckets);
        long Hour(int i) => buckets[i].ToUnixTimeMilliseconds();
        builder.AddSeries(5, "k5", null);
        builder.AddSeries(2, "k2", "two");
        builder.AddSeries(3, "k3", "no requests");

        foreach (var (rank, bucket, requests) in new (long?, int, long)[]
        {
            (null, 1, 7), (5, 2, 3), (2, 0, 1), (5, 0, 4), (2, 2, 2), (2, 2, 1), (3, 1, 4), (3, 1, -4),
        })
        {
            builder.AddHour(rank, Hour(bucket), requests, requests - 1, 1, requests * 10);
        }

        var series = builder.Build();
        Assert.That(series.Select(s => (s.VirtualKeyId, s.VirtualKeyName)), Is.EqualTo(new (string?, string)[] { ("k2", "two"), ("k5", ""), (null, ApiRequestTrend.UnknownKeyName) }));
        Assert.That(series[0].Points, Is.EqualTo(new[]
        {
            new TrendPoint(buckets[0], 1, 0, 1, 10), new TrendPoint(buckets[1], 0, 0, 0, 0), new TrendPoint(buckets[2], 3, 1, 2, 30),
        }));
        Assert.That(series[2].Points.Select(p => p.Requests), Is.EqualTo(new long[] { 0, 7, 0 }));
    }

    [Test]
    public void Hours_go_into_the_zone_day_holding_them_and_an_unlisted_rank_or_an_early_hour_is_refused()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var buckets = TimeBuckets.Create(Start, Start.AddDays(2), TrendInterval.Day, zone);
        var builder = new RankedTrendSeriesBuilder(buckets);
        builder.AddSeries(1, "k1", "one");

        // Berlin's 2026-03-02 starts at 2026-03-01T23:00Z: that hour and the day's last hour belong to bucket 1.
        builder.AddHour(1, buckets[1].ToUnixTimeMilliseconds(), 5, 5, 0, 50);
        builder.AddHour(1, buckets[2].ToUnixTimeMilliseconds() - TimeBuckets.HourMilliseconds, 2, 2, 0, 20);
        builder.AddHour(1, buckets[1].ToUnixTimeMilliseconds() - TimeBuckets.HourMilliseconds, 1, 1, 0, 10);

        Assert.That(builder.Build()[0].Points.Select(p => (p.BucketStart, p.Requests)), Is.EqualTo(buckets.Select((b, i) => (b, i switch { 0 => 1L, 1 => 7L, _ => 0L }))));
        Assert.That(() => builder.AddHour(2, buckets[0].ToUnixTimeMilliseconds(), 1, 1, 0, 1), Throws.InvalidOperationException);
        Assert.That(() => builder.AddHour(1, buckets[0].ToUnixTimeMilliseconds() - TimeBuckets.HourMilliseconds, 1, 1, 0, 1), Throws.InvalidOperationException);
    }
}
