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

public class QueryPlanTests
{
    private const long Hour = 3_600_000;
    private static readonly long LongAfter = 1_000 * Hour;

    [Test]
    public void A_window_with_short_partial_edges_in_the_past_reads_whole_hours_from_the_rollup_and_the_edges_raw()
    {
        var plan = RollupReadPlan.Create((11 * Hour) - 5, (13 * Hour) + 7, useRollup: true, now: LongAfter);
        Assert.That(plan.RollupHours, Is.EqualTo(new MillisecondRange(11 * Hour, 13 * Hour)));
        Assert.That(plan.RawRanges, Is.EqualTo(new[] { new MillisecondRange((11 * Hour) - 5, 11 * Hour), new MillisecondRange(13 * Hour, (13 * Hour) + 7) }));
        Assert.That(plan.SubtractedRanges, Is.Empty);
    }

    [Test]
    public void Long_partial_edges_read_their_hours_from_the_rollup_minus_the_rest_of_the_hour()
    {
        // [10:00:00.005, 13:59:59.993): the edges last almost an hour, the rest of their hours 5 and 7 ms.
        var plan = RollupReadPlan.Create((10 * Hour) + 5, (14 * Hour) - 7, useRollup: true, now: LongAfter);
        Assert.That(plan.RollupHours, Is.EqualTo(new MillisecondRange(10 * Hour, 14 * Hour)));
        Assert.That(plan.RawRanges, Is.Empty);
        Assert.That(plan.SubtractedRanges, Is.EqualTo(new[] { new MillisecondRange(10 * Hour, (10 * Hour) + 5), new MillisecondRange((14 * Hour) - 7, 14 * Hour) }));
    }

    [Test]
    public void A_window_ending_now_reads_the_current_hour_from_the_rollup_minus_the_rows_still_to_come()
    {
        // Ending 5 minutes into the current hour: the edge has 5 minutes of rows, the rest of the hour none yet.
        var now = (13 * Hour) + 300_000;
        var plan = RollupReadPlan.Create((11 * Hour) - 5, now + 1, useRollup: true, now: now);
        Assert.That(plan.RollupHours, Is.EqualTo(new MillisecondRange(11 * Hour, 14 * Hour)));
        Assert.That(plan.RawRanges, Is.EqualTo(new[] { new MillisecondRange((11 * Hour) - 5, 11 * Hour) }));
        Assert.That(plan.SubtractedRanges, Is.EqualTo(new[] { new MillisecondRange(now + 1, 14 * Hour) }));
    }

    [Test]
    public void A_window_wholly_in_the_future_reads_its_edges_raw()
    {
        var plan = RollupReadPlan.Create((10 * Hour) + 5, (13 * Hour) + 7, useRollup: true, now: Hour);
        Assert.That(plan.RawRanges, Has.Count.EqualTo(2));
        Assert.That(plan.SubtractedRanges, Is.Empty);
    }

    [Test]
    public void An_hour_aligned_window_reads_only_the_rollup()
    {
        var plan = RollupReadPlan.Create(10 * Hour, 12 * Hour, useRollup: true, now: LongAfter);
        Assert.That(plan.RollupHours, Is.EqualTo(new MillisecondRange(10 * Hour, 12 * Hour)));
        Assert.That(plan.ReadsRawRows, Is.False);
    }

    [Test]
    public void A_window_inside_one_hour_or_without_the_rollup_reads_raw_rows_only()
    {
        Assert.That(RollupReadPlan.Create((10 * Hour) + 1, (11 * Hour) - 1, true, LongAfter).RollupHours, Is.Null);
        Assert.That(RollupReadPlan.Create((10 * Hour) + 1, (11 * Hour) - 1, true, LongAfter).RawRanges, Is.EqualTo(new[] { new MillisecondRange((10 * Hour) + 1, (11 * Hour) - 1) }));
        Assert.That(RollupReadPlan.Create(10 * Hour, 12 * Hour, false, LongAfter).RollupHours, Is.Null);
        Assert.That(RollupReadPlan.Create((10 * Hour) + 5, (14 * Hour) - 7, false, LongAfter).RawRanges, Is.EqualTo(new[] { new MillisecondRange((10 * Hour) + 5, (14 * Hour) - 7) }));
        Assert.That(RollupReadPlan.Create((10 * Hour) + 5, (14 * Hour) - 7, false, LongAfter).SubtractedRanges, Is.Empty);
    }

    [Test]
    public void An_empty_window_reads_nothing()
    {
        Assert.That(RollupReadPlan.Create(10 * Hour, 10 * Hour, true, LongAfter).IsEmpty, Is.True);
        Assert.That(RollupReadPlan.Create(10 * Hour, (9 * Hour) + 1, true, LongAfter).IsEmpty, Is.True);
    }
}
