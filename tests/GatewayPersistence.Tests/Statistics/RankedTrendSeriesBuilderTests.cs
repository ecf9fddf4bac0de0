using GatewayPersistence.Statistics;

namespace GatewayPersistence.Tests.Statistics;

/// <summary>The key trend's point placement: rows in any order become zero-filled series by key rank, the unknown key last.</summary>
public class RankedTrendSeriesBuilderTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-03-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public void Series_come_by_rank_with_the_unknown_key_last_and_zeros_where_no_row_was()
    {
        var buckets = TimeBuckets.Create(Start, Start.AddHours(2), TrendInterval.Hour);
        var builder = new RankedTrendSeriesBuilder(buckets, BucketExpression.Floor(TimeBuckets.HourMilliseconds, buckets));
        long Hour(int i) => buckets[i].ToUnixTimeMilliseconds();

        foreach (var (rank, id, name, bucket, requests) in new (long?, string?, string?, int, long)[]
        {
            (null, null, null, 1, 7), (5, "k5", null, 2, 3), (2, "k2", "two", 0, 1), (5, "k5", null, 0, 4), (2, "k2", "two", 2, 2),
        })
        {
            if (!builder.HasSeries(rank))
            {
                builder.AddSeries(rank, id, name);
            }

            builder.AddPoint(rank, Hour(bucket), requests, requests - 1, 1, requests * 10);
        }

        var series = builder.Build();
        Assert.That(series.Select(s => (s.VirtualKeyId, s.VirtualKeyName)), Is.EqualTo(new (string?, string)[] { ("k2", "two"), ("k5", ""), (null, ApiRequestTrend.UnknownKeyName) }));
        Assert.That(series[0].Points, Is.EqualTo(new[]
        {
            new TrendPoint(buckets[0], 1, 0, 1, 10), new TrendPoint(buckets[1], 0, 0, 0, 0), new TrendPoint(buckets[2], 2, 1, 1, 20),
        }));
        Assert.That(series[2].Points.Select(p => p.Requests), Is.EqualTo(new long[] { 0, 7, 0 }));
    }

    [Test]
    public void Index_buckets_place_by_index_and_a_second_row_for_a_point_is_refused()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var buckets = TimeBuckets.Create(Start, Start.AddDays(2), TrendInterval.Day, zone);
        var builder = new RankedTrendSeriesBuilder(buckets, BucketExpression.Index(buckets));
        builder.AddSeries(1, "k1", "one");
        builder.AddPoint(1, 1, 5, 5, 0, 50);

        Assert.That(builder.Build()[0].Points.Select(p => (p.BucketStart, p.Requests)), Is.EqualTo(buckets.Select((b, i) => (b, i == 1 ? 5L : 0L))));
        Assert.That(() => builder.AddPoint(1, 1, 1, 1, 0, 1), Throws.InvalidOperationException);
    }
}
