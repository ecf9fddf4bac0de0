namespace GatewayPersistence.Statistics;

/// <summary>
/// The counters of an hourly rollup row and the SQL aggregate that computes each from raw rows. The rollup writer, the
/// backfill and the raw part of every query share this one list, so a rollup hour always equals its rows.
/// </summary>
internal static class RollupCounters
{
    /// <summary>One counter: its rollup column, its aggregate over raw rows aliased <c>r</c>, and its rollup property.</summary>
    private sealed record Counter(string RollupColumn, string RawAggregate, Func<ApiRequestHourlyRollup, long> Value);

    /// <summary>Milliseconds in an hour: rollup rows start at a multiple of it (UTC).</summary>
    public const long HourMilliseconds = TimeBuckets.HourMilliseconds;

    /// <summary>SQL for the start of the UTC hour of an epoch-millisecond column (the rollups' <c>hour_start</c>).</summary>
    public static string HourStartSql(string column) => $"{column} - MOD({column}, {HourMilliseconds})";

    /// <summary>Alias the raw aggregates expect for <c>api_requests</c>.</summary>
    public const string RawAlias = "r";

    /// <summary>Alias the rollup sums expect for <c>api_request_hourly_rollups</c>.</summary>
    public const string RollupAlias = "ru";

    /// <summary>Alias of the combined (rollup UNION ALL raw) partial aggregates in the queries.</summary>
    public const string CombinedAlias = "c";

    private static IReadOnlyList<Counter> List(StatisticsSqlNames n)
    {
        string Raw(string column) => $"{RawAlias}.{column}";
        var notCacheHit = $"NOT ({Raw(n.RequestCacheHit)} <=> 1)";
        return
        [
            new(n.RollupRequestCount, "COUNT(*)", h => h.RequestCount),
            new(n.RollupSuccessCount, $"COALESCE(SUM({Raw(n.RequestStatus)} = 'success'), 0)", h => h.SuccessCount),
            new(n.RollupErrorCount, $"COALESCE(SUM({Raw(n.RequestStatus)} = 'error'), 0)", h => h.ErrorCount),
            new(n.RollupPromptTokens, $"COALESCE(SUM({Raw(n.RequestPromptTokens)}), 0)", h => h.PromptTokens),
            new(n.RollupCompletionTokens, $"COALESCE(SUM({Raw(n.RequestCompletionTokens)}), 0)", h => h.CompletionTokens),
            new(n.RollupTotalTokens, $"COALESCE(SUM({Raw(n.RequestTotalTokens)}), 0)", h => h.TotalTokens),
            new(n.RollupCachedTokens, $"COALESCE(SUM({Raw(n.RequestCachedTokens)}), 0)", h => h.CachedTokens),
            new(n.RollupUncachedPromptTokens, $"COALESCE(SUM(CASE WHEN {notCacheHit} THEN {Raw(n.RequestPromptTokens)} END), 0)", h => h.UncachedPromptTokens),
            new(n.RollupUncachedCompletionTokens, $"COALESCE(SUM(CASE WHEN {notCacheHit} THEN {Raw(n.RequestCompletionTokens)} END), 0)", h => h.UncachedCompletionTokens),
            new(n.RollupUncachedTotalTokens, $"COALESCE(SUM(CASE WHEN {notCacheHit} THEN {Raw(n.RequestTotalTokens)} END), 0)", h => h.UncachedTotalTokens),
            new(n.RollupCacheHitCount, $"COALESCE(SUM({Raw(n.RequestCacheHit)} = 1), 0)", h => h.CacheHitCount),
            new(n.RollupPromptCacheHitCount, $"COALESCE(SUM({Raw(n.RequestCachedTokens)} > 0), 0)", h => h.PromptCacheHitCount),
            new(n.RollupResponseTimeSum, $"COALESCE(SUM({Raw(n.RequestResponseTime)}), 0)", h => h.ResponseTimeSum),
            new(n.RollupResponseTimeCount, $"COUNT({Raw(n.RequestResponseTime)})", h => h.ResponseTimeCount),
        ];
    }

    /// <summary>
    /// The aggregate over raw rows of the hourly rollup counter <paramref name="rollupColumn"/>, for tables that carry a
    /// subset of the counters (the key rollup), so both rollups count alike.
    /// </summary>
    public static string RawAggregateOf(StatisticsSqlNames n, string rollupColumn)
        => List(n).Single(c => c.RollupColumn == rollupColumn).RawAggregate;

    /// <summary>The counter columns in order, each with the rollup property holding its value.</summary>
    public static IReadOnlyList<(string Column, Func<ApiRequestHourlyRollup, long> Value)> ColumnValues(StatisticsSqlNames n)
        => List(n).Select(c => (c.RollupColumn, c.Value)).ToList();

    /// <summary>The counter columns, comma separated (an INSERT column list).</summary>
    public static string Columns(StatisticsSqlNames n) => string.Join(", ", List(n).Select(c => c.RollupColumn));

    /// <summary>The raw aggregates in column order, without aliases (an INSERT ... SELECT list).</summary>
    public static string RawAggregates(StatisticsSqlNames n) => string.Join(",\n  ", List(n).Select(c => c.RawAggregate));

    /// <summary>
    /// The raw aggregates aliased as their rollup columns (one branch of the combined partial aggregates); negated for
    /// rows a query subtracts from a rollup hour.
    /// </summary>
    public static string RawAggregatesAliased(StatisticsSqlNames n, bool subtract = false)
        => string.Join(",\n  ", List(n).Select(c => $"{(subtract ? "-" : "")}{c.RawAggregate} AS {c.RollupColumn}"));

    /// <summary>The rollup sums aliased as their columns (the other branch of the combined partial aggregates).</summary>
    public static string RollupSumsAliased(StatisticsSqlNames n)
        => string.Join(",\n  ", List(n).Select(c => $"SUM({RollupAlias}.{c.RollupColumn}) AS {c.RollupColumn}"));

    /// <summary>
    /// The <c>ON DUPLICATE KEY UPDATE</c> list that adds new counts to an existing rollup row; qualified because the raw
    /// table selected from has columns of the same names.
    /// </summary>
    public static string UpsertAdditions(StatisticsSqlNames n)
        => string.Join(",\n  ", List(n).Select(c => $"{n.Rollups}.{c.RollupColumn} = {n.Rollups}.{c.RollupColumn} + VALUES({c.RollupColumn})"));
}
