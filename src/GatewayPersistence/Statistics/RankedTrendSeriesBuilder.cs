namespace GatewayPersistence.Statistics;

/// <summary>
/// Adds the key trend query's hour rows (see <see cref="KeyTrendSql"/>) into zero-filled series while they are read.
/// Series are started from the visible keys with their rank in the SQL's <c>ORDER BY id</c>; hour rows, of a rank or
/// of the unknown key (null rank), are added into the bucket holding their hour, negative counts included. The series
/// come out by rank, the unknown key last, as the general query orders them, and only those that have requests in the
/// window, as a scan of the raw rows would find them.
/// </summary>
internal sealed class RankedTrendSeriesBuilder
{
    private readonly IReadOnlyList<DateTimeOffset> buckets;
    private readonly long[] bucketStarts;
    private readonly Dictionary<long, Series> byRank = [];
    private Series? unknown;

    /// <param name="buckets">Every bucket start of the trend; each must be a whole UTC hour.</param>
    public RankedTrendSeriesBuilder(IReadOnlyList<DateTimeOffset> buckets)
    {
        this.buckets = buckets;
        bucketStarts = buckets.Select(bucket => bucket.ToUnixTimeMilliseconds()).ToArray();
    }

    /// <summary>Starts the (empty) series of a visible key.</summary>
    public void AddSeries(long rank, string keyId, string? keyName)
        => byRank.Add(rank, new Series(keyId, keyName ?? "", buckets.Count));

    /// <summary>Adds one hour's counts into the bucket holding <paramref name="hourStart"/>.</summary>
    /// <exception cref="InvalidOperationException">The rank has no series, or the hour is before the first bucket.</exception>
    public void AddHour(long? rank, long hourStart, long requests, long successfulRequests, long failedRequests, long totalTokens)
    {
        var series = rank is { } value
            ? byRank.GetValueOrDefault(value) ?? throw new InvalidOperationException($"The trend query returned hours of key rank {value}, which it did not list.")
            : unknown ??= new Series(null, ApiRequestTrend.UnknownKeyName, buckets.Count);
        var index = Array.BinarySearch(bucketStarts, hourStart);
        index = index >= 0 ? index : ~index - 1;
        if (index < 0)
        {
            throw new InvalidOperationException($"The trend query returned an hour ({hourStart}) before the first bucket.");
        }

        series.Requests[index] += requests;
        series.Successes[index] += successfulRequests;
        series.Failures[index] += failedRequests;
        series.TotalTokens[index] += totalTokens;
    }

    /// <summary>The series with requests, by rank, the unknown key last, each with a point for every bucket.</summary>
    public IReadOnlyList<TrendSeries> Build()
    {
        var ordered = byRank.OrderBy(pair => pair.Key).Select(pair => pair.Value).ToList();
        if (unknown is not null)
        {
            ordered.Add(unknown);
        }

        // Subtracted raw rows can leave a key with hours but no request in the window: the raw scan has no series for it.
        return ordered
            .Where(series => series.Requests.Any(requests => requests != 0))
            .Select(series => new TrendSeries(series.KeyId, series.KeyName, Points(series)))
            .ToList();
    }

    private TrendPoint[] Points(Series series)
    {
        var points = new TrendPoint[buckets.Count];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new TrendPoint(buckets[i], series.Requests[i], series.Successes[i], series.Failures[i], series.TotalTokens[i]);
        }

        return points;
    }

    private sealed class Series(string? keyId, string keyName, int bucketCount)
    {
        public string? KeyId { get; } = keyId;

        public string KeyName { get; } = keyName;

        public long[] Requests { get; } = new long[bucketCount];

        public long[] Successes { get; } = new long[bucketCount];

        public long[] Failures { get; } = new long[bucketCount];

        public long[] TotalTokens { get; } = new long[bucketCount];
    }
}
