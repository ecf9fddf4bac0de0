using GatewayPersistence.Statistics;

namespace GatewayPersistence.UnitTests.Statistics;

public class TimeBucketsTests
{
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public void Hour_buckets_run_from_the_start_hour_through_the_end_hour_inclusive()
    {
        var buckets = TimeBuckets.Create(Utc("2026-01-01T10:59:59.999Z"), Utc("2026-01-01T13:00:00Z"), TrendInterval.Hour);
        Assert.That(buckets, Is.EqualTo(new[]
        {
            Utc("2026-01-01T10:00Z"), Utc("2026-01-01T11:00Z"), Utc("2026-01-01T12:00Z"), Utc("2026-01-01T13:00Z"),
        }));
    }

    [Test]
    public void Utc_day_buckets_are_the_legacy_floor_by_86400000()
    {
        var start = Utc("2026-01-01T23:30Z");
        var buckets = TimeBuckets.Create(start, Utc("2026-01-03T00:00Z"), TrendInterval.Day);
        Assert.That(buckets.Select(b => b.ToUnixTimeMilliseconds()), Is.EqualTo(new[]
        {
            start.ToUnixTimeMilliseconds() / 86_400_000 * 86_400_000,
            Utc("2026-01-02T00:00Z").ToUnixTimeMilliseconds(),
            Utc("2026-01-03T00:00Z").ToUnixTimeMilliseconds(),
        }));
    }

    [Test]
    public void Zone_days_start_at_local_midnight_and_last_23_or_25_hours_on_dst_switches()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var spring = TimeBuckets.Create(Utc("2026-03-28T12:00Z"), Utc("2026-03-30T12:00Z"), TrendInterval.Day, berlin);
        Assert.That(spring, Is.EqualTo(new[] { Utc("2026-03-27T23:00Z"), Utc("2026-03-28T23:00Z"), Utc("2026-03-29T22:00Z") }));
        Assert.That(spring[2] - spring[1], Is.EqualTo(TimeSpan.FromHours(23)));

        var autumn = TimeBuckets.Create(Utc("2026-10-25T12:00Z"), Utc("2026-10-26T12:00Z"), TrendInterval.Day, berlin);
        Assert.That(autumn, Is.EqualTo(new[] { Utc("2026-10-24T22:00Z"), Utc("2026-10-25T23:00Z") }));
        Assert.That(autumn[1] - autumn[0], Is.EqualTo(TimeSpan.FromHours(25)));
        Assert.That(TimeBuckets.BoundariesAreWholeHours(spring), Is.True);
    }

    [Test]
    public void A_day_whose_midnight_is_skipped_starts_at_the_first_local_time_that_exists()
    {
        // Santiago (Chile) moves its clocks from 00:00 to 01:00 on the first Sunday of September.
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var start = TimeBuckets.BucketStart(Utc("2026-09-06T12:00Z"), TrendInterval.Day, santiago);
        Assert.That(start, Is.EqualTo(Utc("2026-09-06T04:00Z")), "01:00 at -03:00");
    }

    [Test]
    public void Half_hour_zones_have_boundaries_off_the_utc_hour()
    {
        var kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var buckets = TimeBuckets.Create(Utc("2026-01-01T00:00Z"), Utc("2026-01-03T00:00Z"), TrendInterval.Day, kolkata);
        Assert.That(buckets[1], Is.EqualTo(Utc("2026-01-01T18:30Z")));
        Assert.That(TimeBuckets.BoundariesAreWholeHours(buckets), Is.False);
    }

    [Test]
    public void An_end_before_the_start_gives_no_bucket_and_the_empty_series_is_zeros()
    {
        Assert.That(TimeBuckets.Create(Utc("2026-01-02T00:00Z"), Utc("2026-01-01T00:00Z"), TrendInterval.Hour), Is.Empty);
        var buckets = TimeBuckets.Create(Utc("2026-01-01T00:00Z"), Utc("2026-01-01T01:00Z"), TrendInterval.Hour);
        Assert.That(TimeBuckets.EmptySeries(buckets), Is.EqualTo(new[]
        {
            new TrendPoint(buckets[0], 0, 0, 0, 0), new TrendPoint(buckets[1], 0, 0, 0, 0),
        }));
    }
}
