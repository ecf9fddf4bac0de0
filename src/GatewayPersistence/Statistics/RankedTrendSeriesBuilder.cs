namespace GatewayPersistence.Statistics;

/// <summary>
/// Places the key trend query's rows (see <see cref="KeyTrendSql"/>) into zero-filled series while they are read. A
/// row carries the key's rank in the SQL's <c>ORDER BY id</c> (null for no, or a deleted, key) and a bucket value; the
/// series come out by rank, the null rank last, as the general query orders them. The SQL aggregates: at most one row
/// may arrive per (rank, bucket), and this only places it.
/// </summary>
internal sealed class RankedTrendSeriesBuilder
{
    private readonly IReadOnlyList<DateTimeOffset> buckets;
    private readonly Dictionary<long, int> indexOfBucketValue;
    private readonly bool valueIsIndex;
    private readonly Dictionary<long, Series> byRank = [];
    private Series? unknown;

    /// <param name="buckets">Every bucket start of the trend.</param>
    /// <param name="bucket">How the SQL expressed buckets (bucket starts or bucket indexes).</param>
    public RankedTrendSeriesBuilder(IReadOnlyList<DateTimeOffset> buckets, BucketExpression bucket)
    {
        this.buckets = buckets;
        valueIsIndex = bucket.ByIndex;
        indexOfBucketValue = new Dictionary<long, int>(valueIsIndex ? 0 : buckets.Count);
        for (var i = 0; !valueIsIndex && i < buckets.Count; i++)
        {
            indexOfBucketValue[buckets[i].ToUnixTimeMilliseconds()] = i;
        }
    }

    /// <summary>Whether a series for <paramref name="rank"/> exists (so its id and name need not be read again).</summary>
    public bool HasSeries(long? rank) => rank is { } value ? byRank.ContainsKey(value) : unknown is not null;

    /// <summary>Starts the series of <paramref name="rank"/>; its id and name are ignored for the null rank.</summary>
    public void AddSeries(long? rank, string? keyId, string? keyName)
    {
        if (rank is { } value)
        {
            byRank.Add(value, new Series(keyId, keyName ?? "", new TrendPoint?[buckets.Count]));
        }
        else
        {
            unknown ??= new Series(null, ApiRequestTrend.UnknownKeyName, new TrendPoint?[buckets.Count]);
        }
    }

    /// <summary>Places one point of a started series.</summary>
    public void AddPoint(long? rank, long bucketValue, long requests, long successfulRequests, long failedRequests, long totalTokens)
    {
        var series = rank is { } value ? byRank[value] : unknown ?? throw new InvalidOperationException("The unknown key's series was not started.");
        var index = valueIsIndex ? checked((int)bucketValue) : indexOfBucketValue[bucketValue];
        if (series.Points[index] is not null)
        {
            throw new InvalidOperationException($"The trend query returned two rows for one key and bucket ({buckets[index]:O}).");
        }

        series.Points[index] = new TrendPoint(buckets[index], requests, successfulRequests, failedRequests, totalTokens);
    }

    /// <summary>The series, by rank, the null rank last, each with a point (zero where none was placed) for every bucket.</summary>
    public IReadOnlyList<TrendSeries> Build()
    {
        var ordered = byRank.OrderBy(pair => pair.Key).Select(pair => pair.Value).ToList();
        if (unknown is not null)
        {
            ordered.Add(unknown);
        }

        return ordered.Select(series => new TrendSeries(series.KeyId, series.KeyName, Fill(series.Points))).ToList();
    }

    private TrendPoint[] Fill(TrendPoint?[] points)
    {
        var filled = new TrendPoint[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            filled[i] = points[i] ?? new TrendPoint(buckets[i], 0, 0, 0, 0);
        }

        return filled;
    }

    private sealed record Series(string? KeyId, string KeyName, TrendPoint?[] Points);
}
