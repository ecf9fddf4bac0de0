using GatewayPersistence.Retention;
using GatewayPersistence.Rollups;
using GatewayPersistence.Sql;
using System.Data;
using System.Data.Common;
using GatewayPersistence.DependencyInjection;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace GatewayPersistence.Statistics;

/// <summary>
/// <see cref="IApiRequestStatistics"/> over <c>api_requests</c> and <c>api_request_hourly_rollups</c> (see
/// <see cref="StatisticsSql"/> for the shape of the SQL). With <see cref="StatisticsOptions.UseHourlyRollup"/> off, the
/// same SQL reads every row of the window instead, which gives the same answers.
/// </summary>
/// <remarks>
/// With row retention on (<see cref="RetentionFloors"/>), the part of a window below the retention floor is read from
/// the rollup in whole hours, and no raw read starts below the floor (see <see cref="RollupReadPlan.Create"/>).
/// </remarks>
internal sealed class ApiRequestStatistics(
    GatewayReadContextFactory readContexts, SqlModel sql, IOptions<GatewayPersistenceOptions> options, TimeProvider timeProvider,
    RetentionFloors? floors = null)
    : IApiRequestStatistics
{
    private const int ModelStatsLimit = 5;
    private const int ResponseTimeSampleLimit = 2_000;
    private static readonly TimeSpan DefaultStatsWindow = TimeSpan.FromHours(24);
    private static readonly TimeSpan DefaultDailyTrendWindow = TimeSpan.FromDays(7);

    private readonly StatisticsOptions settings = options.Value.Statistics;
    private readonly Lazy<TimeZoneInfo> dayZone = new(() => TimeZoneInfo.FindSystemTimeZoneById(options.Value.Statistics.TimeZone));

    /// <inheritdoc />
    public async Task<ApiRequestStats> GetStatsAsync(StatsQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (from, to) = Window(query.From, query.To, DefaultStatsWindow);
        var filters = Filters(query.VirtualKeyId, query.ProviderId, query.Model);
        var plan = await PlanAsync(from, to, settings.UseHourlyRollup, cancellationToken);
        if (plan.IsEmpty)
        {
            return new ApiRequestStats(from, to, 0, 0, 0, 0, 0, 0, 0, null, 0, 0);
        }

        var dimensions = filters.ProviderId is null ? PartialDimensions.None : PartialDimensions.Provider;
        return await QueryAsync(command =>
        {
            var n = sql.Names;
            var partial = StatisticsSql.PartialAggregates(n, plan, filters, dimensions, null, command);
            command.CommandText = $"""
                SELECT {StatisticsSql.Total(n.RollupRequestCount)}, {StatisticsSql.Total(n.RollupSuccessCount)},
                  {StatisticsSql.Total(n.RollupErrorCount)}, {StatisticsSql.Total(n.RollupUncachedPromptTokens)},
                  {StatisticsSql.Total(n.RollupUncachedCompletionTokens)}, {StatisticsSql.Total(n.RollupUncachedTotalTokens)},
                  {StatisticsSql.Total(n.RollupCachedTokens)}, {StatisticsSql.AverageResponseTime(n)},
                  {StatisticsSql.Total(n.RollupCacheHitCount)}, {StatisticsSql.Total(n.RollupPromptCacheHitCount)}
                FROM (
                {partial}
                ) {RollupCounters.CombinedAlias}
                {StatisticsSql.OuterJoins(n, dimensions)}
                {StatisticsSql.OuterWhere(n, filters)}
                """;
        }, async (reader, ct) =>
        {
            await reader.ReadAsync(ct);
            return new ApiRequestStats(
                from, to, Int64(reader, 0), Int64(reader, 1), Int64(reader, 2), Int64(reader, 3), Int64(reader, 4), Int64(reader, 5),
                Int64(reader, 6), NullableDecimal(reader, 7), Int64(reader, 8), Int64(reader, 9));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ApiRequestTrend> GetTrendAsync(TrendQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var defaultWindow = query.Interval == TrendInterval.Day ? DefaultDailyTrendWindow : DefaultStatsWindow;
        var (from, to) = Window(query.From, query.To, defaultWindow);
        var filters = Filters(query.VirtualKeyId, query.ProviderId, query.Model);
        var zone = query.Interval == TrendInterval.Day ? dayZone.Value : TimeZoneInfo.Utc;
        var buckets = TimeBuckets.Create(from, to, query.Interval, zone);
        if (buckets.Count > settings.MaxTrendBuckets)
        {
            throw new ArgumentOutOfRangeException(
                nameof(query), $"The trend would have {buckets.Count} buckets; at most {settings.MaxTrendBuckets} are allowed.");
        }

        var bucket = BucketFor(query.Interval, zone, buckets);

        // Rollup hours compose into the buckets only when every bucket boundary is a whole UTC hour.
        var wholeHourBuckets = TimeBuckets.BoundariesAreWholeHours(buckets);
        var plan = await PlanAsync(from, to, settings.UseHourlyRollup && wholeHourBuckets, cancellationToken);
        if (plan.IsEmpty)
        {
            return new ApiRequestTrend(from, to, query.Interval, buckets, []);
        }

        // Below the retention floor even uneven buckets read rollup hours; those go by INTERVAL() into the bucket holding
        // their start (the general query below), which the key trend's per-hour adding does not do.
        if (plan.RollupHours is not null && wholeHourBuckets && filters.ProviderId is null && filters.Model is null)
        {
            return new ApiRequestTrend(from, to, query.Interval, buckets, await KeyTrendAsync(plan, filters, buckets, cancellationToken));
        }

        var dimensions = PartialDimensions.Bucket | (filters.ProviderId is null ? PartialDimensions.None : PartialDimensions.Provider);
        var rows = await QueryAsync(command =>
        {
            var n = sql.Names;
            var c = RollupCounters.CombinedAlias;
            var k = StatisticsSql.KeyAlias;
            var partial = StatisticsSql.PartialAggregates(n, plan, filters, dimensions, bucket, command);
            command.CommandText = $"""
                SELECT {k}.{n.KeyId}, MAX({k}.{n.KeyName}), {c}.{StatisticsSql.BucketDimension},
                  {StatisticsSql.Total(n.RollupRequestCount)}, {StatisticsSql.Total(n.RollupSuccessCount)},
                  {StatisticsSql.Total(n.RollupErrorCount)}, {StatisticsSql.Total(n.RollupTotalTokens)}
                FROM (
                {partial}
                ) {c}
                {StatisticsSql.OuterJoins(n, dimensions)}
                {StatisticsSql.OuterWhere(n, filters)}
                GROUP BY {k}.{n.KeyId}, {c}.{StatisticsSql.BucketDimension}
                {StatisticsSql.HavingRequests(n)}
                ORDER BY {k}.{n.KeyId} IS NULL, {k}.{n.KeyId}, {c}.{StatisticsSql.BucketDimension}
                """;
        }, async (reader, ct) =>
        {
            var points = new List<(string? KeyId, string? KeyName, TrendPoint Point)>();
            while (await reader.ReadAsync(ct))
            {
                var keyId = reader.IsDBNull(0) ? null : reader.GetString(0);
                var keyName = reader.IsDBNull(1) ? null : reader.GetString(1);
                var start = bucket.StartOf(Int64(reader, 2));
                points.Add((keyId, keyName, new TrendPoint(start, Int64(reader, 3), Int64(reader, 4), Int64(reader, 5), Int64(reader, 6))));
            }

            return points;
        }, cancellationToken);

        return new ApiRequestTrend(from, to, query.Interval, buckets, TrendSeriesBuilder.Build(buckets, rows));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ModelUsageStats>> GetModelStatsAsync(
        DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var (start, end) = Window(from, until, DefaultStatsWindow);
        var plan = await PlanAsync(start, end, settings.UseHourlyRollup, cancellationToken);
        if (plan.IsEmpty)
        {
            return [];
        }

        var filters = new StatisticsFilters(null, null, null);
        var dimensions = PartialDimensions.Provider | PartialDimensions.Model;
        return await QueryAsync(command =>
        {
            var n = sql.Names;
            var c = RollupCounters.CombinedAlias;
            var p = StatisticsSql.ProviderAlias;
            var partial = StatisticsSql.PartialAggregates(n, plan, filters, dimensions, null, command);
            command.Parameters.AddWithValue("@limit", ModelStatsLimit);
            command.CommandText = $"""
                SELECT {c}.{StatisticsSql.ModelDimension}, {p}.{n.ProviderId}, MAX({p}.{n.ProviderName}),
                  {StatisticsSql.Total(n.RollupRequestCount)} AS request_total, {StatisticsSql.Total(n.RollupPromptTokens)},
                  {StatisticsSql.Total(n.RollupCompletionTokens)}, {StatisticsSql.Total(n.RollupTotalTokens)},
                  {StatisticsSql.AverageResponseTime(n)}
                FROM (
                {partial}
                ) {c}
                {StatisticsSql.OuterJoins(n, dimensions)}
                {StatisticsSql.OuterWhere(n, filters)}
                GROUP BY {c}.{StatisticsSql.ModelDimension}, {p}.{n.ProviderId}
                {StatisticsSql.HavingRequests(n)}
                ORDER BY request_total DESC, {c}.{StatisticsSql.ModelDimension}, {p}.{n.ProviderId}
                LIMIT @limit
                """;
        }, async (reader, ct) =>
        {
            var result = new List<ModelUsageStats>();
            while (await reader.ReadAsync(ct))
            {
                result.Add(new ModelUsageStats(
                    NullableString(reader, 0), NullableString(reader, 1), NullableString(reader, 2), Int64(reader, 3),
                    Int64(reader, 4), Int64(reader, 5), Int64(reader, 6), NullableDecimal(reader, 7)));
            }

            return (IReadOnlyList<ModelUsageStats>)result;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ModelResponseTimeSample>> GetModelResponseTimeStatsAsync(
        DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var (start, end) = Window(from, until, DefaultStatsWindow);
        // Samples are raw rows: none below the retention floor.
        if (await RowFloorAsync(cancellationToken) is { } floor && start.ToUnixTimeMilliseconds() < floor)
        {
            start = DateTimeOffset.FromUnixTimeMilliseconds(floor);
        }

        if (end < start)
        {
            return [];
        }

        return await QueryAsync(command =>
        {
            var n = sql.Names;
            var r = RollupCounters.RawAlias;
            var k = StatisticsSql.KeyAlias;
            command.Parameters.AddWithValue("@from", start.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("@to", end.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("@limit", ResponseTimeSampleLimit);
            command.CommandText = $"""
                SELECT {r}.{n.RequestModel}, {r}.{n.RequestCreatedAt}, {r}.{n.RequestResponseTime}
                FROM {n.Requests} {r}
                LEFT JOIN {n.Keys} {k} ON {k}.{n.KeyId} = {r}.{n.RequestVirtualKeyId}
                WHERE {r}.{n.RequestStatus} = 'success' AND {r}.{n.RequestResponseTime} > 0
                  AND {r}.{n.RequestCreatedAt} >= @from AND {r}.{n.RequestCreatedAt} <= @to
                  AND {ApiRequestVisibility.VisibleKeySql(n, k)}
                ORDER BY {r}.{n.RequestCreatedAt} DESC, {r}.{n.RequestId} DESC
                LIMIT @limit
                """;
        }, async (reader, ct) =>
        {
            var result = new List<ModelResponseTimeSample>();
            while (await reader.ReadAsync(ct))
            {
                result.Add(new ModelResponseTimeSample(
                    NullableString(reader, 0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetInt32(2)));
            }

            return (IReadOnlyList<ModelResponseTimeSample>)result;
        }, cancellationToken);
    }

    /// <summary>The trend through the key rollup (see <see cref="KeyTrendSql"/>), its statements in one snapshot.</summary>
    private Task<IReadOnlyList<TrendSeries>> KeyTrendAsync(
        RollupReadPlan plan, StatisticsFilters filters, IReadOnlyList<DateTimeOffset> buckets, CancellationToken cancellationToken)
        => QueryAsync(
            command => command.CommandText = KeyTrendSql.Build(sql.Names, plan, filters, command),
            async (reader, ct) =>
            {
                var series = new RankedTrendSeriesBuilder(buckets);
                while (await reader.ReadAsync(ct))
                {
                    series.AddSeries(Int64(reader, 0), reader.GetString(1), NullableString(reader, 2));
                }

                while (await reader.NextResultAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        long? rank = reader.IsDBNull(0) ? null : Counter(reader, 0);
                        series.AddHour(rank, Counter(reader, 1), Counter(reader, 2), Counter(reader, 3), Counter(reader, 4), Counter(reader, 5));
                    }
                }

                return series.Build();
            },
            cancellationToken,
            inSnapshot: true);

    private static BucketExpression BucketFor(TrendInterval interval, TimeZoneInfo zone, IReadOnlyList<DateTimeOffset> buckets)
        => interval switch
        {
            TrendInterval.Hour => BucketExpression.Floor(TimeBuckets.HourMilliseconds, buckets),
            TrendInterval.Day when zone.Id == TimeZoneInfo.Utc.Id => BucketExpression.Floor(TimeBuckets.DayMilliseconds, buckets),
            TrendInterval.Day => BucketExpression.Index(buckets),
            _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, "Unknown interval."),
        };

    private async Task<RollupReadPlan> PlanAsync(DateTimeOffset from, DateTimeOffset to, bool useRollup, CancellationToken cancellationToken)
        => RollupReadPlan.Create(
            from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds() + 1, useRollup, timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            await RowFloorAsync(cancellationToken));

    private async Task<long?> RowFloorAsync(CancellationToken cancellationToken)
        => floors is null ? null : await floors.GetRowFloorAsync(cancellationToken);

    private static StatisticsFilters Filters(string? virtualKeyId, string? providerId, string? model)
    {
        // An empty filter would mean "none" to the rollup ('' stands for NULL there) but "empty" to the raw rows.
        foreach (var (value, name) in new[] { (virtualKeyId, "VirtualKeyId"), (providerId, "ProviderId"), (model, "Model") })
        {
            if (value is { Length: 0 })
            {
                throw new ArgumentException($"{name} must be null (no filter) or non-empty.", name);
            }
        }

        return new StatisticsFilters(virtualKeyId, providerId, model);
    }

    private (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset? from, DateTimeOffset? to, TimeSpan defaultLength)
    {
        // Stored times are whole milliseconds; so are the windows.
        var end = Truncate(to ?? timeProvider.GetUtcNow());
        var start = Truncate(from ?? end - defaultLength);
        return (start, end);
    }

    private static DateTimeOffset Truncate(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds());

    /// <param name="build">Sets the command's text and parameters.</param>
    /// <param name="read">Reads the answer.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <param name="inSnapshot">
    /// Runs the command in a read-only transaction with a consistent snapshot, so that a batch of statements reads one
    /// state of the tables (REPEATABLE READ whatever the server's default isolation).
    /// </param>
    private async Task<T> QueryAsync<T>(
        Action<MySqlCommand> build, Func<DbDataReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken, bool inSnapshot = false)
    {
        // A replica when one is configured: statistics may lag the primary by its replication delay.
        await using var context = await readContexts.CreateDbContextAsync(cancellationToken);
        var strategy = context.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            await context.Database.OpenConnectionAsync(ct);
            try
            {
                var connection = (MySqlConnection)context.Database.GetDbConnection();

                // MySqlConnector sets the isolation level for the session; the pool's connection reset (on by default)
                // gives the next user of this connection the server's default again.
                await using var transaction = inSnapshot ? await connection.BeginTransactionAsync(IsolationLevel.Snapshot, isReadOnly: true, ct) : null;
                await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
                build(command);
                T answer;
                await using (var reader = await command.ExecuteReaderAsync(ct))
                {
                    answer = await read(reader, ct);
                }

                if (transaction is not null)
                {
                    await transaction.CommitAsync(ct);
                }

                return answer;
            }
            finally
            {
                await context.Database.CloseConnectionAsync();
            }
        }, cancellationToken);
    }

    private static long Int64(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A BIGINT read without boxing (tens of thousands per trend); other numeric types (SUM's DECIMAL) converted.</summary>
    private static long Counter(DbDataReader reader, int ordinal)
        => reader.GetFieldType(ordinal) == typeof(long) ? reader.GetInt64(ordinal) : Int64(reader, ordinal);

    private static decimal? NullableDecimal(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
