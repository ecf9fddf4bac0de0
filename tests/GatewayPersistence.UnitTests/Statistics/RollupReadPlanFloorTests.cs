using GatewayPersistence.Statistics;

namespace GatewayPersistence.UnitTests.Statistics;

/// <summary>The retention floor in the read plan: below it only whole rollup hours, no raw read.</summary>
public class RollupReadPlanFloorTests
{
    private const long Hour = 3_600_000;
    private static readonly long LongAfter = 1_000 * Hour;

    [Test]
    public void A_window_wholly_below_the_floor_reads_its_hours_whole_from_the_rollup_even_without_the_rollup_option()
    {
        var plan = RollupReadPlan.Create((10 * Hour) + 5, (12 * Hour) + 7, useRollup: false, now: LongAfter, floor: 20 * Hour);
        Assert.That(plan.RollupHours, Is.EqualTo(new MillisecondRange(10 * Hour, 13 * Hour)), "edges widened to their hours");
        Assert.That(plan.ReadsRawRows, Is.False);
    }

    [Test]
    public void A_window_across_the_floor_reads_below_it_from_the_rollup_and_above_it_as_usual()
    {
        var plan = RollupReadPlan.Create((10 * Hour) + 5, (14 * Hour) + 7, useRollup: true, now: LongAfter, floor: 12 * Hour);
        Assert.That(plan.RollupHours, Is.EqualTo(new MillisecondRange(10 * Hour, 14 * Hour)));
        Assert.That(plan.RawRanges, Is.EqualTo(new[] { new MillisecondRange(14 * Hour, (14 * Hour) + 7) }));
        Assert.That(plan.SubtractedRanges, Is.Empty);
        Assert.That(plan.RawRanges.Concat(plan.SubtractedRanges).All(range => range.Start >= 12 * Hour), "no raw read below the floor");
    }

    [Test]
    public void Without_the_rollup_option_the_part_above_the_floor_is_read_raw()
    {
        var plan = RollupReadPlan.Create((10 * Hour) + 5, (14 * Hour) + 7, useRollup: false, now: LongAfter, floor: 12 * Hour);
        Assert.That(plan.RollupHours, Is.EqualTo(new MillisecondRange(10 * Hour, 12 * Hour)));
        Assert.That(plan.RawRanges, Is.EqualTo(new[] { new MillisecondRange(12 * Hour, (14 * Hour) + 7) }));
    }

    [Test]
    public void A_window_ending_just_above_the_floor_reads_the_rest_raw()
    {
        var plan = RollupReadPlan.Create(10 * Hour, (12 * Hour) + 30, useRollup: true, now: LongAfter, floor: 12 * Hour);
        Assert.That(plan.RollupHours, Is.EqualTo(new MillisecondRange(10 * Hour, 12 * Hour)));
        Assert.That(plan.RawRanges, Is.EqualTo(new[] { new MillisecondRange(12 * Hour, (12 * Hour) + 30) }));
    }

    [Test]
    public void A_floor_inside_an_hour_counts_as_the_end_of_that_hour()
    {
        var plan = RollupReadPlan.Create(10 * Hour, 14 * Hour, useRollup: false, now: LongAfter, floor: (11 * Hour) + 1);
        Assert.That(plan.RollupHours, Is.EqualTo(new MillisecondRange(10 * Hour, 12 * Hour)));
        Assert.That(plan.RawRanges, Is.EqualTo(new[] { new MillisecondRange(12 * Hour, 14 * Hour) }));
    }

    [Test]
    public void A_window_above_the_floor_is_planned_as_without_one()
    {
        var withFloor = RollupReadPlan.Create((11 * Hour) - 5, (13 * Hour) + 7, useRollup: true, now: LongAfter, floor: 10 * Hour);
        var without = RollupReadPlan.Create((11 * Hour) - 5, (13 * Hour) + 7, useRollup: true, now: LongAfter);
        Assert.That(withFloor.RollupHours, Is.EqualTo(without.RollupHours));
        Assert.That(withFloor.RawRanges, Is.EqualTo(without.RawRanges));
    }
}
