namespace GatewayPersistence.Statistics;

/// <summary>The legacy <c>getTrend</c>: per-key series over every bucket of the window.</summary>
/// <param name="From">First instant counted.</param>
/// <param name="To">Last instant counted (inclusive).</param>
/// <param name="Interval">Bucket width.</param>
/// <param name="BucketStarts">Every bucket start from the one holding From through the one holding To.</param>
/// <param name="Series">One series per key with visible requests in the window, by key id, the null key last.</param>
public sealed record ApiRequestTrend(
    DateTimeOffset From, DateTimeOffset To, TrendInterval Interval, IReadOnlyList<DateTimeOffset> BucketStarts, IReadOnlyList<TrendSeries> Series)
{
    /// <summary>Name reported for requests without a (still existing) virtual key.</summary>
    public const string UnknownKeyName = "unknown";
}
