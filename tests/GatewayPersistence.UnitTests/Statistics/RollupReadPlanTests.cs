using GatewayPersistence.Statistics;

namespace GatewayPersistence.UnitTests.Statistics;

public class RollupReadPlanTests
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
