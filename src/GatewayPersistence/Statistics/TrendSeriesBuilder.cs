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

    /// <summary>
    /// One series per distinct key rank of <paramref name="rows"/>, by rank (the key's position in the SQL's
    /// <c>ORDER BY id</c>), the null rank (no or a deleted key) last; each with a point for every bucket. The rows come in
    /// any order, at most one per (rank, bucket): the SQL aggregates, this only places the points.
    /// </summary>
    public static IReadOnlyList<TrendSeries> BuildRanked(IReadOnlyList<DateTimeOffset> buckets, IReadOnlyList<RankedTrendRow> rows)
    {
        var indexOfBucket = new Dictionary<DateTimeOffset, int>(buckets.Count);
        for (var i = 0; i < buckets.Count; i++)
        {
            indexOfBucket[buckets[i]] = i;
        }

        var byRank = new Dictionary<long, (RankedTrendRow First, TrendPoint?[] Points)>();
        (RankedTrendRow First, TrendPoint?[] Points)? unknown = null;
        foreach (var row in rows)
        {
            (RankedTrendRow First, TrendPoint?[] Points) entry;
            if (row.KeyRank is not { } rank)
            {
                unknown ??= (row, new TrendPoint?[buckets.Count]);
                entry = unknown.Value;
            }
            else if (!byRank.TryGetValue(rank, out entry))
            {
                entry = (row, new TrendPoint?[buckets.Count]);
                byRank.Add(rank, entry);
            }

            var index = indexOfBucket[row.Point.BucketStart];
            if (entry.Points[index] is not null)
            {
                throw new InvalidOperationException($"The trend query returned two rows for one key and bucket ({row.Point.BucketStart:O}).");
            }

            entry.Points[index] = row.Point;
        }

        var ordered = byRank.OrderBy(pair => pair.Key).Select(pair => pair.Value).ToList();
        if (unknown is { } last)
        {
            ordered.Add(last);
        }

        return ordered.Select(entry => new TrendSeries(
            entry.First.KeyRank is null ? null : entry.First.KeyId,
            entry.First.KeyRank is null ? ApiRequestTrend.UnknownKeyName : entry.First.KeyName ?? "",
            entry.Points.Select((point, i) => point ?? new TrendPoint(buckets[i], 0, 0, 0, 0)).ToArray())).ToList();
    }
}

/// <summary>A row of the key trend query: the key's rank in id order (null for no key), its id and name, and one point.</summary>
internal sealed record RankedTrendRow(long? KeyRank, string? KeyId, string? KeyName, TrendPoint Point);
