namespace GatewayPersistence.Statistics;

/// <summary>Turns the trend query's (key, bucket) rows into one zero-filled series per key.</summary>
internal static class TrendSeriesBuilder
{
    /// <summary>
    /// One series per distinct key of <paramref name="rows"/>, in their order (the SQL orders them by key id, the null
    /// key last), each with a point for every bucket.
    /// </summary>
    public static IReadOnlyList<TrendSeries> Build(
        IReadOnlyList<DateTimeOffset> buckets, IReadOnlyList<(string? KeyId, string? KeyName, TrendPoint Point)> rows)
    {
        var indexOfBucket = new Dictionary<DateTimeOffset, int>(buckets.Count);
        for (var i = 0; i < buckets.Count; i++)
        {
            indexOfBucket[buckets[i]] = i;
        }

        var series = new List<TrendSeries>();
        TrendPoint[]? points = null;
        foreach (var row in rows)
        {
            if (points is null || series[^1].VirtualKeyId != row.KeyId)
            {
                points = TimeBuckets.EmptySeries(buckets).ToArray();
                series.Add(new TrendSeries(row.KeyId, row.KeyId is null ? ApiRequestTrend.UnknownKeyName : row.KeyName ?? "", points));
            }

            points[indexOfBucket[row.Point.BucketStart]] = row.Point;
        }

        return series;
    }
}
