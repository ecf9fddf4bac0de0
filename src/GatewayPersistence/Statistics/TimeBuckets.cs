namespace GatewayPersistence.Statistics;

/// <summary>
/// The trend's time buckets (the legacy "time buckets" utility): the bucket start times from a start through an end,
/// and an empty (all zeros) series over them. Hours are UTC hours; days are calendar days of a time zone, so a day
/// in a zone with daylight saving time lasts 23 or 25 hours on the switch days. Instants are taken at millisecond
/// precision, like the stored <c>created_at</c>.
/// </summary>
internal static class TimeBuckets
{
    /// <summary>Milliseconds in an hour.</summary>
    public const long HourMilliseconds = 3_600_000;

    /// <summary>Milliseconds in a UTC day.</summary>
    public const long DayMilliseconds = 86_400_000;

    /// <summary>Start of the bucket holding <paramref name="instant"/>.</summary>
    /// <param name="instant">Any instant.</param>
    /// <param name="interval">Bucket width.</param>
    /// <param name="timeZone">Zone whose midnight starts a day; UTC when null. Ignored for hours.</param>
    public static DateTimeOffset BucketStart(DateTimeOffset instant, TrendInterval interval, TimeZoneInfo? timeZone = null)
    {
        var milliseconds = instant.ToUnixTimeMilliseconds();
        return interval switch
        {
            TrendInterval.Hour => DateTimeOffset.FromUnixTimeMilliseconds(FloorTo(milliseconds, HourMilliseconds)),
            TrendInterval.Day => StartOfLocalDay(LocalDate(milliseconds, timeZone ?? TimeZoneInfo.Utc), timeZone ?? TimeZoneInfo.Utc),
            _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, "Unknown interval."),
        };
    }

    /// <summary>
    /// Every bucket start from the bucket holding <paramref name="start"/> through the one holding <paramref name="end"/>,
    /// inclusive, ascending; empty when <paramref name="end"/> is before <paramref name="start"/>.
    /// </summary>
    /// <param name="start">First instant covered.</param>
    /// <param name="end">Last instant covered (inclusive).</param>
    /// <param name="interval">Bucket width.</param>
    /// <param name="timeZone">Zone whose midnight starts a day; UTC when null. Ignored for hours.</param>
    public static IReadOnlyList<DateTimeOffset> Create(
        DateTimeOffset start, DateTimeOffset end, TrendInterval interval, TimeZoneInfo? timeZone = null)
    {
        var startMilliseconds = start.ToUnixTimeMilliseconds();
        var endMilliseconds = end.ToUnixTimeMilliseconds();
        var buckets = new List<DateTimeOffset>();
        if (endMilliseconds < startMilliseconds)
        {
            return buckets;
        }

        if (interval == TrendInterval.Hour)
        {
            for (var hour = FloorTo(startMilliseconds, HourMilliseconds); hour <= endMilliseconds; hour += HourMilliseconds)
            {
                buckets.Add(DateTimeOffset.FromUnixTimeMilliseconds(hour));
            }

            return buckets;
        }

        if (interval != TrendInterval.Day)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "Unknown interval.");
        }

        var zone = timeZone ?? TimeZoneInfo.Utc;
        var lastDay = LocalDate(endMilliseconds, zone);
        for (var day = LocalDate(startMilliseconds, zone); day <= lastDay; day = day.AddDays(1))
        {
            buckets.Add(StartOfLocalDay(day, zone));
        }

        return buckets;
    }

    /// <summary>A series of zero points, one per bucket start (the value of a bucket without requests).</summary>
    public static IReadOnlyList<TrendPoint> EmptySeries(IReadOnlyList<DateTimeOffset> bucketStarts)
    {
        ArgumentNullException.ThrowIfNull(bucketStarts);
        return bucketStarts.Select(start => new TrendPoint(start, 0, 0, 0, 0)).ToArray();
    }

    /// <summary>Whether every bucket boundary after the first start falls on a UTC hour, so whole hours compose the buckets.</summary>
    internal static bool BoundariesAreWholeHours(IReadOnlyList<DateTimeOffset> bucketStarts)
        => bucketStarts.Skip(1).All(start => start.ToUnixTimeMilliseconds() % HourMilliseconds == 0);

    /// <summary><paramref name="value"/> floored to a multiple of <paramref name="unit"/> (also for negative values).</summary>
    internal static long FloorTo(long value, long unit) => value - (((value % unit) + unit) % unit);

    private static DateOnly LocalDate(long milliseconds, TimeZoneInfo zone)
        => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), zone).DateTime);

    /// <summary>The earliest instant whose local date in <paramref name="zone"/> is <paramref name="day"/>.</summary>
    private static DateTimeOffset StartOfLocalDay(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);

        // Where the clock jumps over midnight, the day starts at the first local time that exists.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        // Where midnight happens twice, the day starts at the first one (the larger offset).
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
