using System.Runtime.CompilerServices;
using GatewayPersistence.Sql;

namespace GatewayPersistence.Rollups;

/// <summary>
/// The counters of the rollups, listed once: each with its rollup columns (hourly, and key-hourly for the four the key
/// trend reads) and the SQL aggregate that computes it from raw rows. The rollup writers, each rollup's rebuild and the
/// raw part of every statistics query share this list, so a rollup hour always equals its rows. The in-process count
/// (<see cref="RollupBatch"/>) mirrors the aggregates; the rollup-equals-raw tests hold the two to the same answers.
/// </summary>
internal static class RollupCounters
{
    /// <summary>Alias the raw aggregates expect for <c>api_requests</c>.</summary>
    public const string RawAlias = "r";

    /// <summary>Alias the rollup sums expect for <c>api_request_hourly_rollups</c>.</summary>
    public const string RollupAlias = "ru";

    /// <summary>Alias of the combined (rollup UNION ALL raw) partial aggregates in the queries.</summary>
    public const string CombinedAlias = "c";

    private static readonly ConditionalWeakTable<GatewaySqlNames, IReadOnlyList<RollupCounter>> Lists = [];

    /// <summary>Every counter, in column order.</summary>
    public static IReadOnlyList<RollupCounter> All(GatewaySqlNames n) => Lists.GetValue(n, Create);

    /// <summary>The counters of the key rollup, in column order.</summary>
    public static IEnumerable<RollupCounter> Key(GatewaySqlNames n) => All(n).Where(counter => counter.KeyColumn is not null);

    /// <summary>The hourly rollup's counter columns, comma separated (an INSERT column list).</summary>
    public static string Columns(GatewaySqlNames n) => string.Join(", ", All(n).Select(c => c.Column));

    /// <summary>The raw aggregates in hourly column order, without aliases (an INSERT ... SELECT list).</summary>
    public static string RawAggregates(GatewaySqlNames n) => string.Join(",\n  ", All(n).Select(c => c.RawAggregate));

    /// <summary>
    /// The raw aggregates aliased as their rollup columns (one branch of the combined partial aggregates); negated for
    /// rows a query subtracts from a rollup hour.
    /// </summary>
    public static string RawAggregatesAliased(GatewaySqlNames n, bool subtract = false)
        => string.Join(",\n  ", All(n).Select(c => $"{(subtract ? "-" : "")}{c.RawAggregate} AS {c.Column}"));

    /// <summary>The rollup sums aliased as their columns (the other branch of the combined partial aggregates).</summary>
    public static string RollupSumsAliased(GatewaySqlNames n)
        => string.Join(",\n  ", All(n).Select(c => $"SUM({RollupAlias}.{c.Column}) AS {c.Column}"));

    private static IReadOnlyList<RollupCounter> Create(GatewaySqlNames n)
    {
        string Raw(string column) => $"{RawAlias}.{column}";
        var notCacheHit = $"NOT ({Raw(n.RequestCacheHit)} <=> 1)";
        RollupCounter Counter(string property, string rawAggregate, Func<ApiRequestHourlyRollup, long> value, bool inKeyRollup = false)
            => new(n.RollupColumn(property), inKeyRollup ? n.KeyRollupColumn(property) : null, rawAggregate, value);
        return
        [
            Counter(nameof(ApiRequestHourlyRollup.RequestCount), "COUNT(*)", h => h.RequestCount, inKeyRollup: true),
            Counter(nameof(ApiRequestHourlyRollup.SuccessCount), $"COALESCE(SUM({Raw(n.RequestStatus)} = 'success'), 0)", h => h.SuccessCount, inKeyRollup: true),
            Counter(nameof(ApiRequestHourlyRollup.ErrorCount), $"COALESCE(SUM({Raw(n.RequestStatus)} = 'error'), 0)", h => h.ErrorCount, inKeyRollup: true),
            Counter(nameof(ApiRequestHourlyRollup.PromptTokens), $"COALESCE(SUM({Raw(n.RequestPromptTokens)}), 0)", h => h.PromptTokens),
            Counter(nameof(ApiRequestHourlyRollup.CompletionTokens), $"COALESCE(SUM({Raw(n.RequestCompletionTokens)}), 0)", h => h.CompletionTokens),
            Counter(nameof(ApiRequestHourlyRollup.TotalTokens), $"COALESCE(SUM({Raw(n.RequestTotalTokens)}), 0)", h => h.TotalTokens, inKeyRollup: true),
            Counter(nameof(ApiRequestHourlyRollup.CachedTokens), $"COALESCE(SUM({Raw(n.RequestCachedTokens)}), 0)", h => h.CachedTokens),
            Counter(nameof(ApiRequestHourlyRollup.UncachedPromptTokens), $"COALESCE(SUM(CASE WHEN {notCacheHit} THEN {Raw(n.RequestPromptTokens)} END), 0)", h => h.UncachedPromptTokens),
            Counter(nameof(ApiRequestHourlyRollup.UncachedCompletionTokens), $"COALESCE(SUM(CASE WHEN {notCacheHit} THEN {Raw(n.RequestCompletionTokens)} END), 0)", h => h.UncachedCompletionTokens),
            Counter(nameof(ApiRequestHourlyRollup.UncachedTotalTokens), $"COALESCE(SUM(CASE WHEN {notCacheHit} THEN {Raw(n.RequestTotalTokens)} END), 0)", h => h.UncachedTotalTokens),
            Counter(nameof(ApiRequestHourlyRollup.CacheHitCount), $"COALESCE(SUM({Raw(n.RequestCacheHit)} = 1), 0)", h => h.CacheHitCount),
            Counter(nameof(ApiRequestHourlyRollup.PromptCacheHitCount), $"COALESCE(SUM({Raw(n.RequestCachedTokens)} > 0), 0)", h => h.PromptCacheHitCount),
            Counter(nameof(ApiRequestHourlyRollup.ResponseTimeSum), $"COALESCE(SUM({Raw(n.RequestResponseTime)}), 0)", h => h.ResponseTimeSum),
            Counter(nameof(ApiRequestHourlyRollup.ResponseTimeCount), $"COUNT({Raw(n.RequestResponseTime)})", h => h.ResponseTimeCount),
        ];
    }
}
