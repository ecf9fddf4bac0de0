using System.Text;
using MySqlConnector;

namespace GatewayPersistence.Statistics;

/// <summary>
/// The SQL of a trend without a provider or model filter, over <c>api_request_key_hourly_rollups</c> (whole hours) and
/// the raw rows of the window's partial hours. It returns partial rows <c>(key_rank, key_id, key_name, bucket, counters)</c>
/// where <c>key_rank</c> is the key's position in <c>ORDER BY id</c> (null for no, or a deleted, key), so the caller can
/// order the series as the general query does without the server sorting tens of thousands of rows.
/// </summary>
/// <remarks>
/// Why this shape (profiled at 1M rows, 30-day hourly trend): grouping the general rollup's 125,000 key×provider×model
/// rows by an expression, then regrouping the 36,000 (hour, key) rows by the joined 255-character key id, needs two
/// temporary tables too wide for memory; both spilled to disk and took ~90% of the time. Here every visible key reads
/// its own ordered range of (key, hour) rows, already one row per point, joined to a 50-row ranking of the keys; only
/// the hours of no or deleted keys (found by a loose index scan of the distinct key ids) and the raw edge hours are
/// grouped. Hourly points are then unique: each (key, hour) comes from exactly one branch, since the raw edges are
/// hours outside the rollup's whole hours. Longer buckets merge branches, so they get one outer GROUP BY over few groups.
/// </remarks>
internal static class KeyTrendSql
{
    private const string Ranked = "ranked_keys";
    private const string RankColumn = "key_rank";
    private const string KeyIdColumn = "key_id";
    private const string KeyNameColumn = "key_name";
    private const string BucketColumn = "dim_bucket";

    /// <summary>Whether each (key, bucket) comes from one branch only, so the branches need no regrouping.</summary>
    public static bool PointsAreUnique(BucketExpression bucket) => !bucket.ByIndex && bucket.FloorUnit == TimeBuckets.HourMilliseconds;

    /// <summary>Builds the statement for <paramref name="plan"/> (which must have rollup hours) and adds its parameters.</summary>
    public static string Build(StatisticsSqlNames n, QueryPlan plan, StatisticsFilters filters, BucketExpression bucket, MySqlCommand command)
    {
        var hours = plan.RollupHours ?? throw new ArgumentException("The key trend reads rollup hours.", nameof(plan));
        if (filters.ProviderId is not null || filters.Model is not null)
        {
            throw new ArgumentException("The key rollup has no provider or model.", nameof(filters));
        }

        bucket.AddParameters(command);
        command.Parameters.AddWithValue("@rollupFrom", hours.Start);
        command.Parameters.AddWithValue("@rollupTo", hours.End);
        if (filters.VirtualKeyId is not null)
        {
            command.Parameters.AddWithValue("@virtualKeyId", filters.VirtualKeyId);
        }

        var branches = new List<string> { VisibleKeyHours(n, filters, bucket, PointsAreUnique(bucket)) };
        if (filters.VirtualKeyId is null)
        {
            // A key filter matches existing keys only, like the general query's filter on the joined key.
            branches.Add(UnknownKeyHours(n, bucket));
        }

        if (plan.RawRanges.Count > 0)
        {
            for (var i = 0; i < plan.RawRanges.Count; i++)
            {
                command.Parameters.AddWithValue($"@rawFrom{i}", plan.RawRanges[i].Start);
                command.Parameters.AddWithValue($"@rawTo{i}", plan.RawRanges[i].End);
            }

            branches.Add(RawEdgeHours(n, plan.RawRanges.Count, filters, bucket));
        }

        var union = string.Join("\nUNION ALL\n", branches);
        var ranking = $"""
            WITH {Ranked} AS (
              SELECT {n.KeyId}, {n.KeyName}, {n.KeyDisableLogging}, ROW_NUMBER() OVER (ORDER BY {n.KeyId}) AS {RankColumn}
              FROM {n.Keys})
            """;
        if (PointsAreUnique(bucket))
        {
            return $"{ranking}\n{union}";
        }

        return $"""
            {ranking}
            SELECT u.{RankColumn}, MAX(u.{KeyIdColumn}), MAX(u.{KeyNameColumn}), u.{BucketColumn}, {Sums("u", n)}
            FROM (
            {union}
            ) u
            GROUP BY u.{RankColumn}, u.{BucketColumn}
            """;
    }

    private static string VisibleKeyHours(StatisticsSqlNames n, StatisticsFilters filters, BucketExpression bucket, bool hourly)
    {
        var where = new StringBuilder($"COALESCE(kk.{n.KeyDisableLogging}, 0) <> 1");
        if (filters.VirtualKeyId is not null)
        {
            where.Append($" AND kk.{n.KeyId} = @virtualKeyId");
        }

        // Hourly: one row per point as stored. Longer buckets: grouped here already, so the union the outer query groups
        // again holds a few rows per bucket rather than one per hour (a union is materialized, with its wide key columns).
        var (id, name) = hourly ? ($"kk.{n.KeyId}", $"kk.{n.KeyName}") : ($"MAX(kk.{n.KeyId})", $"MAX(kk.{n.KeyName})");
        return $"""
            SELECT kk.{RankColumn} AS {RankColumn}, {id} AS {KeyIdColumn}, {name} AS {KeyNameColumn},
              {bucket.Sql($"kr.{n.KeyRollupHourStart}")} AS {BucketColumn}, {Counters("kr", n, aggregate: !hourly)}
            FROM {Ranked} kk
            JOIN {n.KeyRollups} kr ON kr.{n.KeyRollupVirtualKeyId} = kk.{n.KeyId}
              AND kr.{n.KeyRollupHourStart} >= @rollupFrom AND kr.{n.KeyRollupHourStart} < @rollupTo
            WHERE {where}
            {(hourly ? "" : $"GROUP BY kk.{RankColumn}, {BucketColumn}")}
            """;
    }

    private static string UnknownKeyHours(StatisticsSqlNames n, BucketExpression bucket)
        => $"""
            SELECT NULL, NULL, NULL, {bucket.Sql($"kr.{n.KeyRollupHourStart}")} AS {BucketColumn}, {Counters("kr", n, aggregate: true)}
            FROM (SELECT DISTINCT {n.KeyRollupVirtualKeyId} AS unknown_key FROM {n.KeyRollups}) unknown_keys
            JOIN {n.KeyRollups} kr ON kr.{n.KeyRollupVirtualKeyId} = unknown_keys.unknown_key
              AND kr.{n.KeyRollupHourStart} >= @rollupFrom AND kr.{n.KeyRollupHourStart} < @rollupTo
            WHERE NOT EXISTS (SELECT 1 FROM {n.Keys} k WHERE k.{n.KeyId} = unknown_keys.unknown_key)
            GROUP BY {BucketColumn}
            """;

    private static string RawEdgeHours(StatisticsSqlNames n, int rangeCount, StatisticsFilters filters, BucketExpression bucket)
    {
        var r = RollupCounters.RawAlias;
        var ranges = Enumerable.Range(0, rangeCount)
            .Select(i => $"({r}.{n.RequestCreatedAt} >= @rawFrom{i} AND {r}.{n.RequestCreatedAt} < @rawTo{i})");
        var rawWhere = new StringBuilder($"({string.Join(" OR ", ranges)})");
        var where = new StringBuilder($"COALESCE(kk.{n.KeyDisableLogging}, 0) <> 1");
        if (filters.VirtualKeyId is not null)
        {
            rawWhere.Append($" AND {r}.{n.RequestVirtualKeyId} = @virtualKeyId");
            where.Append($" AND kk.{n.KeyId} = @virtualKeyId");
        }

        // Grouped by the raw key id first (read from idx_api_requests_created_at_stats alone), then joined to the ranking
        // and grouped again by rank: ids of keys that no longer exist all read as the one unknown key.
        var counters = new[]
        {
            (n.KeyRollupRequestCount, n.RollupRequestCount), (n.KeyRollupSuccessCount, n.RollupSuccessCount),
            (n.KeyRollupErrorCount, n.RollupErrorCount), (n.KeyRollupTotalTokens, n.RollupTotalTokens),
        }.Select(c => $"CAST({RollupCounters.RawAggregateOf(n, c.Item2)} AS SIGNED) AS {c.Item1}");
        return $"""
            SELECT kk.{RankColumn}, MAX(kk.{n.KeyId}), MAX(kk.{n.KeyName}), e.{BucketColumn}, {Counters("e", n, aggregate: true)}
            FROM (
              SELECT {r}.{n.RequestVirtualKeyId} AS edge_key, {bucket.Sql($"{r}.{n.RequestCreatedAt}")} AS {BucketColumn},
                {string.Join(", ", counters)}
              FROM {n.Requests} {r}
              WHERE {rawWhere}
              GROUP BY {BucketColumn}, edge_key) e
            LEFT JOIN {Ranked} kk ON kk.{n.KeyId} = e.edge_key
            WHERE {where}
            GROUP BY e.{BucketColumn}, kk.{RankColumn}
            """;
    }

    private static string Counters(string alias, StatisticsSqlNames n, bool aggregate)
        => string.Join(", ", new[] { n.KeyRollupRequestCount, n.KeyRollupSuccessCount, n.KeyRollupErrorCount, n.KeyRollupTotalTokens }
            .Select(column => aggregate ? $"{Sum(alias, column)} AS {column}" : $"{alias}.{column}"));

    private static string Sums(string alias, StatisticsSqlNames n)
        => string.Join(", ", new[] { n.KeyRollupRequestCount, n.KeyRollupSuccessCount, n.KeyRollupErrorCount, n.KeyRollupTotalTokens }
            .Select(column => Sum(alias, column)));

    // SUM of BIGINT is DECIMAL; back to BIGINT so every branch and the reader see one integer type.
    private static string Sum(string alias, string column) => $"CAST(SUM({alias}.{column}) AS SIGNED)";
}
