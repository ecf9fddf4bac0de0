using System.Globalization;
using System.Text;
using GatewayPersistence.Rollups;
using GatewayPersistence.Sql;
using MySqlConnector;

namespace GatewayPersistence.Statistics;

/// <summary>
/// The exact total of a request-list page (visible rows matching its filters in its window), counted the way the
/// statistics count: whole hours from a rollup, the window's partial edge hours from raw rows (added, or subtracted from
/// a whole rollup hour when that reads fewer rows; see <see cref="RollupReadPlan"/>), the visibility rule applied to the
/// key ids of both, so that its cost is a few thousand rollup rows and the edge rows whatever the log's size.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Without a provider or model filter the key rollup answers (one row per key and hour); with one, the hourly rollup
/// (per key, provider and model), its provider ids taken from the joined providers so that an id of a deleted provider
/// matches nothing, as the raw rows' nulled foreign key does.</item>
/// <item>Status: the rollups count <c>success</c> and <c>error</c> (<c>success_count</c>, <c>error_count</c>), so those
/// filters are exact from them. Any other status value is counted from the raw rows of the window along
/// <c>idx_api_requests_status_created_at</c>: exact, at the cost of that status's rows (few, in practice).</item>
/// <item>The window starts at the retention floor at the earliest: the list shows raw rows only, and its total counts
/// what it can show.</item>
/// </list>
/// </remarks>
internal static class ApiRequestListingTotal
{
    public const string SuccessStatus = "success";
    public const string ErrorStatus = "error";

    /// <summary>Counts the visible rows in <c>[from, toExclusive)</c> matching <paramref name="filters"/>.</summary>
    public static async Task<long> CountAsync(
        MySqlConnection connection, MySqlTransaction? transaction, GatewaySqlNames n, ListingFilters filters, long from, long toExclusive, long now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (toExclusive <= from)
        {
            return 0;
        }

        await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
        command.CommandText = Build(n, filters, from, toExclusive, now, command);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    /// <summary>The counting statement; adds its parameters to <paramref name="command"/>.</summary>
    public static string Build(GatewaySqlNames n, ListingFilters filters, long from, long toExclusive, long now, MySqlCommand command)
    {
        ArgumentNullException.ThrowIfNull(n);
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(command);
        if (filters.Status is not null)
        {
            command.Parameters.AddWithValue("@status", filters.Status);
        }

        if (!filters.StatusIsCountedByRollups)
        {
            return RawCount(n, filters, from, toExclusive, command);
        }

        var plan = RollupReadPlan.Create(from, toExclusive, useRollup: true, now);
        if (filters.ProviderId is null && filters.Model is null)
        {
            return KeyRollupCount(n, plan, filters, command);
        }

        var statistics = new StatisticsFilters(filters.VirtualKeyId, filters.ProviderId, filters.Model);
        var dimensions = filters.ProviderId is null ? PartialDimensions.None : PartialDimensions.Provider;
        var partial = StatisticsSql.PartialAggregates(n, plan, statistics, dimensions, null, command);
        return $"""
            SELECT {StatisticsSql.Total(RollupColumn(n, filters.Status))}
            FROM (
            {partial}
            ) {RollupCounters.CombinedAlias}
            {StatisticsSql.OuterJoins(n, dimensions)}
            {StatisticsSql.OuterWhere(n, statistics)}
            """;
    }

    private static string RollupColumn(GatewaySqlNames n, string? status) => status switch
    {
        null => n.RollupRequestCount,
        SuccessStatus => n.RollupSuccessCount,
        ErrorStatus => n.RollupErrorCount,
        _ => throw new ArgumentException($"The rollups do not count status '{status}'.", nameof(status)),
    };

    /// <summary>A status the rollups do not count: the raw rows of the window with that status, along (status, created_at).</summary>
    private static string RawCount(GatewaySqlNames n, ListingFilters filters, long from, long toExclusive, MySqlCommand command)
    {
        var r = RollupCounters.RawAlias;
        var k = StatisticsSql.KeyAlias;
        command.Parameters.AddWithValue("@from", from);
        command.Parameters.AddWithValue("@to", toExclusive);
        var where = new StringBuilder(
            $"{r}.{n.RequestStatus} = @status AND {r}.{n.RequestCreatedAt} >= @from AND {r}.{n.RequestCreatedAt} < @to AND {ApiRequestVisibility.VisibleKeySql(n, k)}");
        foreach (var (value, column, parameter) in new[]
                 {
                     (filters.VirtualKeyId, n.RequestVirtualKeyId, "@virtualKeyId"), (filters.ProviderId, n.RequestProviderId, "@providerId"),
                     (filters.Model, n.RequestModel, "@model"),
                 })
        {
            if (value is not null)
            {
                command.Parameters.AddWithValue(parameter, value);
                where.Append($" AND {r}.{column} = {parameter}");
            }
        }

        return $"""
            SELECT COUNT(*)
            FROM {n.Requests} {r}
            LEFT JOIN {n.Keys} {k} ON {k}.{n.KeyId} = {r}.{n.RequestVirtualKeyId}
            WHERE {where}
            """;
    }

    private static string KeyRollupColumn(GatewaySqlNames n, string? status)
        => RollupCounters.All(n).Single(counter => counter.Column == RollupColumn(n, status)).KeyColumn
           ?? throw new InvalidOperationException("The key rollup carries the request, success and error counts.");

    /// <summary>
    /// Per key id: the key rollup's hours, plus and minus the raw edge rows; then the visibility rule on the joined key.
    /// Grouping by key id inside each branch keeps the join to one row per key and branch.
    /// </summary>
    private static string KeyRollupCount(GatewaySqlNames n, RollupReadPlan plan, ListingFilters filters, MySqlCommand command)
    {
        const string count = "listed";
        var branches = new List<string>();
        if (filters.VirtualKeyId is not null)
        {
            command.Parameters.AddWithValue("@virtualKeyId", filters.VirtualKeyId);
        }

        if (plan.RollupHours is { } hours)
        {
            command.Parameters.AddWithValue("@rollupFrom", hours.Start);
            command.Parameters.AddWithValue("@rollupTo", hours.End);
            var where = new StringBuilder($"kr.{n.KeyRollupHourStart} >= @rollupFrom AND kr.{n.KeyRollupHourStart} < @rollupTo");
            if (filters.VirtualKeyId is not null)
            {
                where.Append($" AND kr.{n.KeyRollupVirtualKeyId} = @virtualKeyId");
            }

            branches.Add($"""
                SELECT kr.{n.KeyRollupVirtualKeyId} AS {StatisticsSql.KeyDimension}, SUM(kr.{KeyRollupColumn(n, filters.Status)}) AS {count}
                FROM {n.KeyRollups} kr
                WHERE {where}
                GROUP BY kr.{n.KeyRollupVirtualKeyId}
                """);
        }

        var r = RollupCounters.RawAlias;
        foreach (var (rangeCondition, subtract) in StatisticsSql.RawReads(n, plan, command))
        {
            var where = new StringBuilder(rangeCondition);
            if (filters.VirtualKeyId is not null)
            {
                where.Append($" AND {r}.{n.RequestVirtualKeyId} = @virtualKeyId");
            }

            if (filters.Status is not null)
            {
                where.Append($" AND {r}.{n.RequestStatus} = @status");
            }

            branches.Add($"""
                SELECT {r}.{n.RequestVirtualKeyId} AS {StatisticsSql.KeyDimension}, {(subtract ? "-" : "")}COUNT(*) AS {count}
                FROM {n.Requests} {r}
                WHERE {where}
                GROUP BY {r}.{n.RequestVirtualKeyId}
                """);
        }

        var c = RollupCounters.CombinedAlias;
        var k = StatisticsSql.KeyAlias;
        var outer = new StringBuilder($"WHERE {ApiRequestVisibility.VisibleKeySql(n, k)}");
        if (filters.VirtualKeyId is not null)
        {
            // Existing keys only, as the raw rows' key id (nulled when its key is deleted) would match.
            outer.Append($" AND {k}.{n.KeyId} = @virtualKeyId");
        }

        return $"""
            SELECT COALESCE(SUM({c}.{count}), 0)
            FROM (
            {string.Join("\nUNION ALL\n", branches)}
            ) {c}
            LEFT JOIN {n.Keys} {k} ON {k}.{n.KeyId} = {c}.{StatisticsSql.KeyDimension}
            {outer}
            """;
    }
}
