namespace GatewayPersistence.Statistics;

/// <summary>A half-open range of epoch milliseconds, <c>[Start, End)</c>.</summary>
internal readonly record struct MillisecondRange(long Start, long End)
{
    public bool IsEmpty => End <= Start;
}

/// <summary>
/// How a query window is read: the whole UTC hours inside it from the hourly rollup, and the partial hours at its edges
/// (or, without the rollup, the whole window) from the raw rows.
/// </summary>
internal sealed record QueryPlan(MillisecondRange? RollupHours, IReadOnlyList<MillisecondRange> RawRanges)
{
    public bool IsEmpty => RollupHours is null && RawRanges.Count == 0;

    /// <summary>Splits <c>[from, toExclusive)</c>.</summary>
    public static QueryPlan Create(long from, long toExclusive, bool useRollup)
    {
        if (toExclusive <= from)
        {
            return new QueryPlan(null, []);
        }

        var firstWholeHour = -TimeBuckets.FloorTo(-from, TimeBuckets.HourMilliseconds);
        var endOfWholeHours = TimeBuckets.FloorTo(toExclusive, TimeBuckets.HourMilliseconds);
        if (!useRollup || endOfWholeHours <= firstWholeHour)
        {
            return new QueryPlan(null, [new MillisecondRange(from, toExclusive)]);
        }

        var edges = new[] { new MillisecondRange(from, firstWholeHour), new MillisecondRange(endOfWholeHours, toExclusive) }
            .Where(range => !range.IsEmpty)
            .ToArray();
        return new QueryPlan(new MillisecondRange(firstWholeHour, endOfWholeHours), edges);
    }
}
