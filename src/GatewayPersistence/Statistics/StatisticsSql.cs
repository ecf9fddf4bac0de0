using System.Text;
using GatewayPersistence.Rollups;
using GatewayPersistence.Sql;
using MySqlConnector;

namespace GatewayPersistence.Statistics;

/// <summary>
/// Builds the statistics SQL. Every query is an outer aggregate over "partial aggregates": the rollup's hours, plus the
/// raw rows of partial edge hours the rollup range leaves out, minus (negated) the raw rows of edge hours it takes in
/// whole (see <see cref="RollupReadPlan"/>), or the raw rows of the whole window when the rollup is not used; all grouped by
/// the raw virtual key id. The outer query joins the key's current <c>disable_logging</c> flag, so the rule
/// applies to both sources alike, and takes key and provider ids from the joined rows, so that an id the rollup still
/// holds for a deleted key or provider reads as null exactly like the raw row's nulled foreign key.
/// </summary>
internal static class StatisticsSql
{
    public const string KeyDimension = "dim_key";
    public const string ProviderDimension = "dim_provider";
    public const string ModelDimension = "dim_model";
    public const string BucketDimension = "dim_bucket";
    public const string KeyAlias = "k";
    public const string ProviderAlias = "p";

    /// <summary>The partial aggregates (a derived table body) for <paramref name="plan"/>; adds their parameters.</summary>
    public static string PartialAggregates(
        GatewaySqlNames n, RollupReadPlan plan, StatisticsFilters filters, PartialDimensions dimensions, BucketExpression? bucket, MySqlCommand command)
    {
        var branches = new List<string>();
        AddFilterParameters(filters, command);
        bucket?.AddParameters(command);
        if (plan.RollupHours is { } hours)
        {
            command.Parameters.AddWithValue("@rollupFrom", hours.Start);
            command.Parameters.AddWithValue("@rollupTo", hours.End);
            branches.Add(RollupBranch(n, filters, dimensions, bucket));
        }

        branches.AddRange(RawReads(n, plan, command).Select(read => RawBranch(n, read.RangeCondition, filters, dimensions, bucket, read.Subtract)));
        return string.Join("\nUNION ALL\n", branches);
    }

    /// <summary>Joins of the outer query: the key (always) and the provider (when grouped or filtered by it).</summary>
    public static string OuterJoins(GatewaySqlNames n, PartialDimensions dimensions)
    {
        var c = RollupCounters.CombinedAlias;
        var joins = $"LEFT JOIN {n.Keys} {KeyAlias} ON {KeyAlias}.{n.KeyId} = {c}.{KeyDimension}";
        if (dimensions.HasFlag(PartialDimensions.Provider))
        {
            joins += $"\nLEFT JOIN {n.Providers} {ProviderAlias} ON {ProviderAlias}.{n.ProviderId} = {c}.{ProviderDimension}";
        }

        return joins;
    }

    /// <summary>The outer WHERE: the disable_logging rule, and key and provider filters on the joined (existing) rows.</summary>
    public static string OuterWhere(GatewaySqlNames n, StatisticsFilters filters)
    {
        var where = new StringBuilder($"WHERE {ApiRequestVisibility.VisibleKeySql(n, KeyAlias)}");
        if (filters.VirtualKeyId is not null)
        {
            where.Append($" AND {KeyAlias}.{n.KeyId} = @virtualKeyId");
        }

        if (filters.ProviderId is not null)
        {
            where.Append($" AND {ProviderAlias}.{n.ProviderId} = @providerId");
        }

        return where.ToString();
    }

    /// <summary>
    /// Keeps the groups that have requests in the window: raw rows subtracted from a rollup hour can cancel a group's
    /// rollup rows exactly, and a scan of the raw rows would not have that group at all.
    /// </summary>
    public static string HavingRequests(GatewaySqlNames n) => $"HAVING SUM({RollupCounters.CombinedAlias}.{n.RollupRequestCount}) <> 0";

    /// <summary>Sum of one counter over the partial aggregates, zero when there are none.</summary>
    public static string Total(string counterColumn) => $"COALESCE(SUM({RollupCounters.CombinedAlias}.{counterColumn}), 0)";

    /// <summary>Mean response time over the partial aggregates (exact DECIMAL), null without response times.</summary>
    public static string AverageResponseTime(GatewaySqlNames n)
        => $"SUM({RollupCounters.CombinedAlias}.{n.RollupResponseTimeSum}) / NULLIF(SUM({RollupCounters.CombinedAlias}.{n.RollupResponseTimeCount}), 0)";

    private static void AddFilterParameters(StatisticsFilters filters, MySqlCommand command)
    {
        if (filters.VirtualKeyId is not null)
        {
            command.Parameters.AddWithValue("@virtualKeyId", filters.VirtualKeyId);
        }

        if (filters.ProviderId is not null)
        {
            command.Parameters.AddWithValue("@providerId", filters.ProviderId);
        }

        if (filters.Model is not null)
        {
            command.Parameters.AddWithValue("@model", filters.Model);
        }
    }

    private static string RollupBranch(GatewaySqlNames n, StatisticsFilters filters, PartialDimensions dimensions, BucketExpression? bucket)
    {
        var ru = RollupCounters.RollupAlias;
        var columns = new List<string> { $"{ru}.{n.RollupVirtualKeyId} AS {KeyDimension}" };
        AddDimensions(columns, dimensions, $"{ru}.{n.RollupProviderId}", $"{ru}.{n.RollupModel}", $"{ru}.{n.RollupHourStart}", bucket);
        var where = new StringBuilder($"{ru}.{n.RollupHourStart} >= @rollupFrom AND {ru}.{n.RollupHourStart} < @rollupTo");
        AppendFilters(where, filters, $"{ru}.{n.RollupVirtualKeyId}", $"{ru}.{n.RollupProviderId}", $"{ru}.{n.RollupModel}");
        return $"""
            SELECT {string.Join(", ", columns)},
              {RollupCounters.RollupSumsAliased(n)}
            FROM {n.Rollups} {ru}
            WHERE {where}
            GROUP BY {GroupBy(dimensions)}
            """;
    }

    /// <summary>
    /// The raw rows <paramref name="plan"/> reads: the added ranges, then the subtracted ones, each with its SQL condition
    /// "created_at in one of the ranges" over <c>api_requests</c> aliased <see cref="RollupCounters.RawAlias"/>; adds the
    /// ranges' parameters.
    /// </summary>
    public static IEnumerable<(string RangeCondition, bool Subtract)> RawReads(GatewaySqlNames n, RollupReadPlan plan, MySqlCommand command)
    {
        if (plan.RawRanges.Count > 0)
        {
            yield return (RangeCondition(n, command, "raw", plan.RawRanges), false);
        }

        if (plan.SubtractedRanges.Count > 0)
        {
            yield return (RangeCondition(n, command, "sub", plan.SubtractedRanges), true);
        }
    }

    private static string RangeCondition(GatewaySqlNames n, MySqlCommand command, string prefix, IReadOnlyList<MillisecondRange> ranges)
    {
        var createdAt = $"{RollupCounters.RawAlias}.{n.RequestCreatedAt}";
        var conditions = new List<string>();
        for (var i = 0; i < ranges.Count; i++)
        {
            command.Parameters.AddWithValue($"@{prefix}From{i}", ranges[i].Start);
            command.Parameters.AddWithValue($"@{prefix}To{i}", ranges[i].End);
            conditions.Add($"({createdAt} >= @{prefix}From{i} AND {createdAt} < @{prefix}To{i})");
        }

        return $"({string.Join(" OR ", conditions)})";
    }

    private static string RawBranch(
        GatewaySqlNames n, string rangeCondition, StatisticsFilters filters, PartialDimensions dimensions, BucketExpression? bucket, bool subtract)
    {
        var r = RollupCounters.RawAlias;
        var columns = new List<string> { $"{r}.{n.RequestVirtualKeyId} AS {KeyDimension}" };
        AddDimensions(columns, dimensions, $"{r}.{n.RequestProviderId}", $"{r}.{n.RequestModel}", $"{r}.{n.RequestCreatedAt}", bucket);
        var where = new StringBuilder(rangeCondition);
        AppendFilters(where, filters, $"{r}.{n.RequestVirtualKeyId}", $"{r}.{n.RequestProviderId}", $"{r}.{n.RequestModel}");
        return $"""
            SELECT {string.Join(", ", columns)},
              {RollupCounters.RawAggregatesAliased(n, subtract)}
            FROM {n.Requests} {r}
            WHERE {where}
            GROUP BY {GroupBy(dimensions)}
            """;
    }

    private static void AddDimensions(
        List<string> columns, PartialDimensions dimensions, string provider, string model, string time, BucketExpression? bucket)
    {
        if (dimensions.HasFlag(PartialDimensions.Provider))
        {
            // The rollup writes '' for no provider; no provider row has the empty id, so it joins to nothing either way.
            columns.Add($"{provider} AS {ProviderDimension}");
        }

        if (dimensions.HasFlag(PartialDimensions.Model))
        {
            // The rollup writes '' for no model, so an empty model name and no model are one group on both sides.
            columns.Add($"NULLIF({model}, '') AS {ModelDimension}");
        }

        if (dimensions.HasFlag(PartialDimensions.Bucket))
        {
            var expression = bucket ?? throw new ArgumentNullException(nameof(bucket), "A bucketed query needs a bucket expression.");
            columns.Add($"{expression.Sql(time)} AS {BucketDimension}");
        }
    }

    private static void AppendFilters(StringBuilder where, StatisticsFilters filters, string key, string provider, string model)
    {
        if (filters.VirtualKeyId is not null)
        {
            where.Append($" AND {key} = @virtualKeyId");
        }

        if (filters.ProviderId is not null)
        {
            where.Append($" AND {provider} = @providerId");
        }

        if (filters.Model is not null)
        {
            where.Append($" AND {model} = @model");
        }
    }

    private static string GroupBy(PartialDimensions dimensions)
    {
        // Bucket first: for hourly buckets that is the rollup's primary-key order (hour_start, virtual_key_id, ...), so
        // the server aggregates while it scans instead of building a temporary table keyed by 255-character ids.
        var columns = new List<string>();
        if (dimensions.HasFlag(PartialDimensions.Bucket))
        {
            columns.Add(BucketDimension);
        }

        columns.Add(KeyDimension);
        if (dimensions.HasFlag(PartialDimensions.Provider))
        {
            columns.Add(ProviderDimension);
        }

        if (dimensions.HasFlag(PartialDimensions.Model))
        {
            columns.Add(ModelDimension);
        }

        return string.Join(", ", columns);
    }
}
