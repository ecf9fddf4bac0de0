namespace GatewayPersistence.Statistics;

/// <summary>
/// How a query window is read: whole UTC hours from the hourly rollup, plus or minus raw rows at the window's edges
/// (or, without the rollup, the whole window from raw rows). Every rollup counter is a count or a sum, so
/// <c>rollup hours + added raw rows - subtracted raw rows</c> is exactly the window.
/// </summary>
/// <param name="RollupHours">The hours read from the rollup; null when the rollup is not read.</param>
/// <param name="RawRanges">Raw rows added: edge parts of hours the rollup range does not hold.</param>
/// <param name="SubtractedRanges">
/// Raw rows subtracted: the parts of the rollup range's first or last hour that lie outside the window.
/// </param>
internal sealed record RollupReadPlan(
    MillisecondRange? RollupHours, IReadOnlyList<MillisecondRange> RawRanges, IReadOnlyList<MillisecondRange> SubtractedRanges)
{
    public bool IsEmpty => RollupHours is null && RawRanges.Count == 0;

    /// <summary>Whether any raw rows are read (added or subtracted).</summary>
    public bool ReadsRawRows => RawRanges.Count > 0 || SubtractedRanges.Count > 0;

    /// <summary>Splits <c>[from, toExclusive)</c>.</summary>
    /// <param name="from">Window start (epoch ms, inclusive).</param>
    /// <param name="toExclusive">Window end (epoch ms, exclusive).</param>
    /// <param name="useRollup">Whether whole hours may come from the rollup.</param>
    /// <param name="now">
    /// The current time: an edge is read as "its hour from the rollup minus the rest of the hour" when that rest has
    /// lasted a shorter time before now than the edge itself. For a window ending now the rest of the current hour is
    /// still to come, so the current hour costs a few rollup rows instead of every raw row written since the hour began.
    /// </param>
    /// <param name="floor">
    /// The retention floor (a whole UTC hour; null when nothing was purged): raw rows below it may be gone, so the part of
    /// the window below it comes from the rollup whatever <paramref name="useRollup"/> says, in whole hours: an edge that
    /// falls below the floor inside an hour counts that whole hour (an hour cannot be split without its raw rows). No raw
    /// read of the plan starts below the floor.
    /// </param>
    public static RollupReadPlan Create(long from, long toExclusive, bool useRollup, long now, long? floor = null)
    {
        if (toExclusive <= from)
        {
            return new RollupReadPlan(null, [], []);
        }

        const long hourLength = TimeBuckets.HourMilliseconds;
        if (floor is { } recordedFloor && -TimeBuckets.FloorTo(-recordedFloor, hourLength) is var purgedBelow && from < purgedBelow)
        {
            var purgedStart = TimeBuckets.FloorTo(from, hourLength);
            if (toExclusive <= purgedBelow)
            {
                return new RollupReadPlan(new MillisecondRange(purgedStart, -TimeBuckets.FloorTo(-toExclusive, hourLength)), [], []);
            }

            // The rest of the window starts on the floor, a whole hour: its plan has no partial first hour to subtract.
            var above = Create(purgedBelow, toExclusive, useRollup, now);
            var wholeHoursEnd = above.RollupHours is { } hours ? hours.End : purgedBelow;
            return new RollupReadPlan(new MillisecondRange(purgedStart, wholeHoursEnd), above.RawRanges, above.SubtractedRanges);
        }

        const long hour = TimeBuckets.HourMilliseconds;
        var firstWholeHour = -TimeBuckets.FloorTo(-from, hour);
        var endOfWholeHours = TimeBuckets.FloorTo(toExclusive, hour);
        if (!useRollup || endOfWholeHours <= firstWholeHour)
        {
            return new RollupReadPlan(null, [new MillisecondRange(from, toExclusive)], []);
        }

        var added = new List<MillisecondRange>();
        var subtracted = new List<MillisecondRange>();

        // Reads a partial edge hour the cheaper way round; true when its whole hour comes from the rollup.
        bool ReadsWholeHour(MillisecondRange edge, MillisecondRange restOfHour)
        {
            if (restOfHour.PastLength(now) < edge.PastLength(now))
            {
                subtracted.Add(restOfHour);
                return true;
            }

            added.Add(edge);
            return false;
        }

        var (rollupStart, rollupEnd) = (firstWholeHour, endOfWholeHours);
        if (from < firstWholeHour && ReadsWholeHour(new MillisecondRange(from, firstWholeHour), new MillisecondRange(firstWholeHour - hour, from)))
        {
            rollupStart -= hour;
        }

        if (endOfWholeHours < toExclusive
            && ReadsWholeHour(new MillisecondRange(endOfWholeHours, toExclusive), new MillisecondRange(toExclusive, endOfWholeHours + hour)))
        {
            rollupEnd += hour;
        }

        return new RollupReadPlan(new MillisecondRange(rollupStart, rollupEnd), added, subtracted);
    }
}
