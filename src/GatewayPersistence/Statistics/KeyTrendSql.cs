using GatewayPersistence.Rollups;
using GatewayPersistence.Sql;
using System.Text;
using MySqlConnector;

namespace GatewayPersistence.Statistics;

/// <summary>
/// The SQL of a trend without a provider or model filter: a batch of statements over
/// <c>api_request_key_hourly_rollups</c> (whole hours) and the raw rows at the window's edges, meant to run in one
/// read-only snapshot transaction. Result sets, in order:
/// <list type="number">
/// <item>the visible keys: <c>(key_rank, id, name)</c>, <c>key_rank</c> being the key's position in <c>ORDER BY id</c>;</item>
/// <item>then one or more sets of hour rows <c>(key_rank, hour_start, requests, successes, errors, total tokens)</c>, a
/// null rank standing for no, or a deleted, key. The rows are per UTC hour, not per bucket, and the same (key, hour)
/// may come from several sets, with negative counts where the plan subtracts raw rows: the caller adds them up into
/// its buckets (<see cref="RankedTrendSeriesBuilder"/>).</item>
/// </list>
/// </summary>
/// <remarks>
/// Why this shape (profiled at 10M rows, 30-day trend): the answer is ~36,000 (key, hour) points, and what costs is
/// sending them. One statement per part sends each point as six integers; a single statement would need a UNION,
/// which MariaDB materializes in a temporary table (37 ms instead of 21 ms for the same rows), and carrying the key's
/// id and name on each point costs another ~10 ms. Day buckets are added up by the caller too: a server GROUP BY over
/// the points costs more than sending them. The statements share one snapshot, so the ranks agree between them.
/// </remarks>
internal static class KeyTrendSql
{
    private const string Ranked = "ranked_keys";
    private const string RankColumn = "key_rank";

    /// <summary>Builds the statements for <paramref name="plan"/> (which must have rollup hours) and adds their parameters.</summary>
    public static string Build(GatewaySqlNames n, RollupReadPlan plan, StatisticsFilters filters, MySqlCommand command)
    {
        var hours = plan.RollupHours ?? throw new ArgumentException("The key trend reads rollup hours.", nameof(plan));
        if (filters.ProviderId is not null || filters.Model is not null)
        {
            throw new ArgumentException("The key rollup has no provider or model.", nameof(filters));
        }

        command.Parameters.AddWithValue("@rollupFrom", hours.Start);
        command.Parameters.AddWithValue("@rollupTo", hours.End);
        if (filters.VirtualKeyId is not null)
        {
            command.Parameters.AddWithValue("@virtualKeyId", filters.VirtualKeyId);
        }

        var statements = new List<string> { VisibleKeys(n, filters), VisibleKeyHours(n, filters) };
        if (filters.VirtualKeyId is null)
        {
            // A key filter matches existing keys only, like the general query's filter on the joined key.
            statements.Add(UnknownKeyHours(n));
        }

        if (plan.ReadsRawRows)
        {
            statements.Add(RawEdgeHours(n, plan, filters, command));
        }

        return string.Join(";\n", statements);
    }

    private static string Ranking(GatewaySqlNames n)
        => $"""
            WITH {Ranked} AS (
              SELECT {n.KeyId}, {n.KeyName}, {n.KeyDisableLogging}, ROW_NUMBER() OVER (ORDER BY {n.KeyId}) AS {RankColumn}
              FROM {n.Keys})
            """;

    private static string Visible(GatewaySqlNames n, StatisticsFilters filters)
        => ApiRequestVisibility.VisibleKeySql(n, "kk") + (filters.VirtualKeyId is null ? "" : $" AND kk.{n.KeyId} = @virtualKeyId");

    private static string VisibleKeys(GatewaySqlNames n, StatisticsFilters filters)
        => $"""
            {Ranking(n)}
            SELECT kk.{RankColumn}, kk.{n.KeyId}, kk.{n.KeyName} FROM {Ranked} kk WHERE {Visible(n, filters)}
            """;

    // Every visible key reads its own ordered range of (key, hour) rows, one row per point as stored.
    private static string VisibleKeyHours(GatewaySqlNames n, StatisticsFilters filters)
        => $"""
            {Ranking(n)}
            SELECT kk.{RankColumn}, kr.{n.KeyRollupHourStart}, {Counters("kr", n, aggregate: false)}
            FROM {Ranked} kk
            JOIN {n.KeyRollups} kr ON kr.{n.KeyRollupVirtualKeyId} = kk.{n.KeyId}
              AND kr.{n.KeyRollupHourStart} >= @rollupFrom AND kr.{n.KeyRollupHourStart} < @rollupTo
            WHERE {Visible(n, filters)}
            """;

    // The hours of ids no key has (found by a loose index scan of the distinct key ids), as one unknown key.
    private static string UnknownKeyHours(GatewaySqlNames n)
        => $"""
            SELECT NULL, kr.{n.KeyRollupHourStart}, {Counters("kr", n, aggregate: true)}
            FROM (SELECT DISTINCT {n.KeyRollupVirtualKeyId} AS unknown_key FROM {n.KeyRollups}) unknown_keys
            JOIN {n.KeyRollups} kr ON kr.{n.KeyRollupVirtualKeyId} = unknown_keys.unknown_key
              AND kr.{n.KeyRollupHourStart} >= @rollupFrom AND kr.{n.KeyRollupHourStart} < @rollupTo
            WHERE NOT EXISTS (SELECT 1 FROM {n.Keys} k WHERE k.{n.KeyId} = unknown_keys.unknown_key)
            GROUP BY kr.{n.KeyRollupHourStart}
            ORDER BY NULL
            """;

    private static string RawEdgeHours(GatewaySqlNames n, RollupReadPlan plan, StatisticsFilters filters, MySqlCommand command)
    {
        var parts = StatisticsSql.RawReads(n, plan, command).Select(read => RawHours(n, read.RangeCondition, filters, read.Subtract)).ToList();

        // Grouped by the raw key id first (read from idx_api_requests_created_at_stats alone), then joined to the ranking
        // and grouped again by rank: ids of keys that no longer exist all read as the one unknown key.
        return $"""
            {Ranking(n)}
            SELECT kk.{RankColumn}, e.hour_start, {Counters("e", n, aggregate: true)}
            FROM (
            {string.Join("\nUNION ALL\n", parts)}
            ) e
            LEFT JOIN {Ranked} kk ON kk.{n.KeyId} = e.edge_key
            WHERE {Visible(n, filters)}
            GROUP BY e.hour_start, kk.{RankColumn}
            ORDER BY NULL
            """;
    }

    private static string RawHours(GatewaySqlNames n, string rangeCondition, StatisticsFilters filters, bool subtract)
    {
        var r = RollupCounters.RawAlias;
        var where = new StringBuilder(rangeCondition);
        if (filters.VirtualKeyId is not null)
        {
            where.Append($" AND {r}.{n.RequestVirtualKeyId} = @virtualKeyId");
        }

        var counters = RollupCounters.Key(n)
            .Select(c => $"{(subtract ? "-" : "")}CAST({c.RawAggregate} AS SIGNED) AS {c.KeyColumn}");
        return $"""
              SELECT {r}.{n.RequestVirtualKeyId} AS edge_key, {RollupHour.StartSql($"{r}.{n.RequestCreatedAt}")} AS hour_start,
                {string.Join(", ", counters)}
              FROM {n.Requests} {r}
              WHERE {where}
              GROUP BY hour_start, edge_key
            """;
    }

    private static string Counters(string alias, GatewaySqlNames n, bool aggregate)
        => string.Join(", ", RollupCounters.Key(n)
            .Select(c => aggregate ? $"CAST(SUM({alias}.{c.KeyColumn}) AS SIGNED)" : $"{alias}.{c.KeyColumn}"));
}
