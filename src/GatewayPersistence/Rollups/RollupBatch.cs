namespace GatewayPersistence.Rollups;

/// <summary>
/// The aggregates of one inserted batch, counted in process from the stored values, for both rollups: hour × key ×
/// provider × model, and key × hour. Rows are listed in each rollup's primary-key order, so concurrent writers lock
/// rollup rows in the same order.
/// </summary>
/// <remarks>
/// Only a status the server compares exactly as .NET does is counted here: <c>success</c>, <c>error</c>, NULL, or
/// ASCII letters and digits that differ from both by more than case (under every collation those are unequal). Any
/// other status (another case, trailing spaces, non-ASCII, punctuation: collation-dependent) makes
/// <see cref="TryCount"/> refuse, and the writer lets SQL count the batch. Group keys need no such care: two spellings
/// the collation deems equal become one rollup row through the upsert itself.
/// </remarks>
internal sealed class RollupBatch
{
    private static readonly StringComparer KeyOrder = StringComparer.OrdinalIgnoreCase;

    private RollupBatch(List<ApiRequestHourlyRollup> hours, List<ApiRequestHourlyRollup> keyHours)
    {
        Hours = hours;
        KeyHours = keyHours;
    }

    /// <summary>Hourly rollup deltas in (hour, key, provider, model) order.</summary>
    public IReadOnlyList<ApiRequestHourlyRollup> Hours { get; }

    /// <summary>
    /// Key-hour rollup deltas in (key, hour) order, counted like the hours (provider and model left empty); the key
    /// rollup takes the counters it carries from them.
    /// </summary>
    public IReadOnlyList<ApiRequestHourlyRollup> KeyHours { get; }

    /// <summary>Counts <paramref name="rows"/>; false when a row's status or total needs the server to count it.</summary>
    public static bool TryCount(IReadOnlyCollection<ApiRequestRollupRow> rows, out RollupBatch batch)
    {
        batch = null!;
        var hours = new Dictionary<(long Hour, string Key, string Provider, string Model), ApiRequestHourlyRollup>();
        var keyHours = new Dictionary<(string Key, long Hour), ApiRequestHourlyRollup>();
        foreach (var row in rows)
        {
            if (!TryClassifyStatus(row.Status, out var success, out var error) || row.TotalTokens is < int.MinValue or > int.MaxValue)
            {
                return false;
            }

            var hour = RollupHour.StartOf(row.CreatedAt);
            var key = row.VirtualKeyId ?? "";
            var group = (hour, key, row.ProviderId ?? "", row.Model ?? "");
            if (!hours.TryGetValue(group, out var rollup))
            {
                rollup = new ApiRequestHourlyRollup
                {
                    HourStart = DateTimeOffset.FromUnixTimeMilliseconds(hour), VirtualKeyId = key, ProviderId = group.Item3, Model = group.Item4,
                };
                hours.Add(group, rollup);
            }

            if (!keyHours.TryGetValue((key, hour), out var keyHour))
            {
                keyHour = new ApiRequestHourlyRollup { HourStart = rollup.HourStart, VirtualKeyId = key };
                keyHours.Add((key, hour), keyHour);
            }

            Add(rollup, row, success, error);
            Add(keyHour, row, success, error);
        }

        batch = new RollupBatch(
            hours.Values.OrderBy(h => h.HourStart).ThenBy(h => h.VirtualKeyId, KeyOrder).ThenBy(h => h.ProviderId, KeyOrder).ThenBy(h => h.Model, KeyOrder).ToList(),
            keyHours.Values.OrderBy(k => k.VirtualKeyId, KeyOrder).ThenBy(k => k.HourStart).ToList());
        return true;
    }

    /// <summary>Whether the server would compare <paramref name="status"/> with 'success' and 'error' as this does.</summary>
    internal static bool TryClassifyStatus(string? status, out bool success, out bool error)
    {
        success = status == "success";
        error = status == "error";
        if (status is null || success || error)
        {
            return true;
        }

        foreach (var character in status)
        {
            if (!char.IsAsciiLetterOrDigit(character))
            {
                return false;
            }
        }

        return !string.Equals(status, "success", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(status, "error", StringComparison.OrdinalIgnoreCase);
    }

    // Mirrors RollupCounters' SQL aggregates; the rollup-equals-raw tests hold the two to the same answers.
    private static void Add(ApiRequestHourlyRollup rollup, in ApiRequestRollupRow row, bool success, bool error)
    {
        rollup.RequestCount++;
        rollup.SuccessCount += success ? 1 : 0;
        rollup.ErrorCount += error ? 1 : 0;
        rollup.PromptTokens += row.PromptTokens ?? 0;
        rollup.CompletionTokens += row.CompletionTokens ?? 0;
        rollup.TotalTokens += row.TotalTokens ?? 0;
        rollup.CachedTokens += row.CachedTokens ?? 0;
        if (row.CacheHit)
        {
            rollup.CacheHitCount++;
        }
        else
        {
            rollup.UncachedPromptTokens += row.PromptTokens ?? 0;
            rollup.UncachedCompletionTokens += row.CompletionTokens ?? 0;
            rollup.UncachedTotalTokens += row.TotalTokens ?? 0;
        }

        rollup.PromptCacheHitCount += row.CachedTokens > 0 ? 1 : 0;
        if (row.ResponseTime is { } responseTime)
        {
            rollup.ResponseTimeSum += responseTime;
            rollup.ResponseTimeCount++;
        }
    }
}
