namespace GatewayPersistence.Statistics;

/// <summary>
/// Usage statistics of the request log, computed in SQL. Every answer hides requests whose virtual key currently has
/// <c>disable_logging = 1</c>; requests without a key, or whose key was deleted, stay visible. Windows are inclusive at
/// both ends. Whole UTC hours are read from the hourly rollup and only the partial hours at a window's edges from the
/// raw rows, so the cost follows the number of hours, not of rows.
/// </summary>
public interface IApiRequestStatistics
{
    /// <summary>Totals of a window (default: the last 24 hours).</summary>
    /// <param name="query">Window and filters.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<ApiRequestStats> GetStatsAsync(StatsQuery query, CancellationToken cancellationToken = default);

    /// <summary>Per-virtual-key series over every hour or day bucket of a window, empty buckets as zeros.</summary>
    /// <param name="query">Window, interval and filters.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<ApiRequestTrend> GetTrendAsync(TrendQuery query, CancellationToken cancellationToken = default);

    /// <summary>The five model × provider pairs with the most requests in a window, most first.</summary>
    /// <param name="from">First instant counted.</param>
    /// <param name="until">Last instant counted (inclusive).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<ModelUsageStats>> GetModelStatsAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>The newest 2,000 successful requests of a window with a positive response time, newest first.</summary>
    /// <param name="from">First instant considered.</param>
    /// <param name="until">Last instant considered (inclusive).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<ModelResponseTimeSample>> GetModelResponseTimeStatsAsync(
        DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default);
}
