using GatewayPersistence.Coordination;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Sql;
using GatewayPersistence.Statistics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Polly;

namespace GatewayPersistence.Rollups;

/// <summary>
/// <see cref="IApiRequestRollupBackfill"/>: per chunk of whole hours, in one REPEATABLE READ transaction,
/// <c>SELECT ... FOR UPDATE</c> on the chunk's raw rows (next-key locks that also keep new rows out of the range until
/// commit), <c>DELETE</c> of the chunk's rollup rows, and <c>INSERT ... SELECT ... GROUP BY</c> from the raw rows (for the hourly
/// rollup and the key rollup alike, through <see cref="RollupTable.RebuildAsync"/>).
/// Deadlocks and lock wait timeouts roll the chunk back; it is retried.
/// </summary>
internal sealed class ApiRequestRollupBackfill : IApiRequestRollupBackfill
{
    private readonly IDbContextFactory<GatewayDbContext> contextFactory;
    private readonly SqlModel sql;
    private readonly HourlyRollupTable hourly;
    private readonly KeyHourlyRollupTable keyHourly;
    private readonly IExclusiveLock exclusiveLock;
    private readonly IOptions<GatewayPersistenceOptions> options;
    private readonly ILogger<ApiRequestRollupBackfill> logger;
    private readonly ResiliencePipeline chunkRetry;

    public ApiRequestRollupBackfill(
        IDbContextFactory<GatewayDbContext> contextFactory, SqlModel sql, HourlyRollupTable hourly, KeyHourlyRollupTable keyHourly,
        IExclusiveLock exclusiveLock, IOptions<GatewayPersistenceOptions> options, ILogger<ApiRequestRollupBackfill> logger)
    {
        this.contextFactory = contextFactory;
        this.sql = sql;
        this.hourly = hourly;
        this.keyHourly = keyHourly;
        this.exclusiveLock = exclusiveLock;
        this.options = options;
        this.logger = logger;
        // A chunk that lost a lock race (deadlock, lock wait timeout) rolled back whole: run it again.
        chunkRetry = LockRaceRetry.Create(
            TimeSpan.FromMilliseconds(50),
            (attempt, errorNumber, context) => logger.LogChunkRetried(context.Properties.GetValue(ChunkStartKey, 0L), attempt, errorNumber));
    }

    /// <summary>A backfill outside dependency injection (the migrator's command line, tests, benchmarks).</summary>
    internal static ApiRequestRollupBackfill Create(IDbContextFactory<GatewayDbContext> contextFactory, GatewayPersistenceOptions options, IExclusiveLock? exclusiveLock = null)
    {
        var sql = new SqlModel(contextFactory);
        return new ApiRequestRollupBackfill(
            contextFactory, sql, new HourlyRollupTable(sql), new KeyHourlyRollupTable(sql),
            exclusiveLock ?? new DatabaseLeaseLock(contextFactory, NullLogger.Instance, DatabaseLeaseLock.DefaultDuration),
            Options.Create(options), NullLogger<ApiRequestRollupBackfill>.Instance);
    }

    private static readonly ResiliencePropertyKey<long> ChunkStartKey = new("chunk-start");

    /// <summary>Name of the lease a backfill or repair holds: one instance rebuilds rollups at a time.</summary>
    internal const string LockName = "rollup-backfill";

    /// <inheritdoc />
    public Task<RollupBackfillResult> BackfillAsync(DateTimeOffset? from, DateTimeOffset? until, CancellationToken cancellationToken = default)
        => UnderLeaseAsync(token => BackfillCoreAsync(from, until, token), cancellationToken);

    /// <inheritdoc />
    public Task<RollupRepairResult> VerifyAndRepairAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
        => UnderLeaseAsync(token => VerifyAndRepairCoreAsync(from, until, token), cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> holding the backfill lease, waiting for another instance's backfill to finish first.
    /// Chunks are correct side by side (each locks its hours), but two instances rebuilding the same hours only fight
    /// over the same rows; losing the lease cancels the work.
    /// </summary>
    private async Task<T> UnderLeaseAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var lease = await exclusiveLock.AcquireAsync(LockName, Timeout.InfiniteTimeSpan, cancellationToken)
            ?? throw new InvalidOperationException("The rollup backfill lease could not be taken.");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        return await work(linked.Token);
    }

    private async Task<RollupBackfillResult> BackfillCoreAsync(DateTimeOffset? from, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        var hour = RollupHour.Milliseconds;
        // The connection of a context: under dependency injection it comes from the library's data source.
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var connection = (MySqlConnection)context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync(cancellationToken);
        {
            long start, end;
            if (from is null || until is null)
            {
                var (oldest, newest) = await RangeOfRowsAsync(connection, cancellationToken);
                if (oldest is null || newest is null)
                {
                    var nothing = from ?? until ?? DateTimeOffset.UnixEpoch;
                    return new RollupBackfillResult(nothing, nothing, 0, 0, 0);
                }

                start = from?.ToUnixTimeMilliseconds() ?? oldest.Value;
                end = until?.ToUnixTimeMilliseconds() ?? newest.Value + 1;
            }
            else
            {
                start = from.Value.ToUnixTimeMilliseconds();
                end = until.Value.ToUnixTimeMilliseconds();
            }

            start = TimeBuckets.FloorTo(start, hour);
            end = -TimeBuckets.FloorTo(-end, hour);

            // Below the retention floor the raw rows are gone: the rollup is all that is left of those hours.
            if (await Retention.RetentionFloors.ReadAsync(connection, null, sql, RetentionFloor.RowsKind, cancellationToken) is { } floor)
            {
                start = Math.Max(start, -TimeBuckets.FloorTo(-floor, hour));
            }

            var chunk = options.Value.Statistics.BackfillChunkHours * hour;
            long rows = 0;
            var chunks = 0;
            for (var chunkStart = start; chunkStart < end; chunkStart += chunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunkEnd = Math.Min(chunkStart + chunk, end);
                rows += await RebuildChunkWithRetryAsync(connection, chunkStart, chunkEnd, cancellationToken);
                chunks++;
            }

            var hours = Math.Max(0, (end - start) / hour);
            logger.LogBackfilled(hours, rows, chunks);
            return new RollupBackfillResult(
                DateTimeOffset.FromUnixTimeMilliseconds(start), DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(start, end)), hours, rows, chunks);
        }
    }

    private async Task<RollupRepairResult> VerifyAndRepairCoreAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var hour = RollupHour.Milliseconds;
        var start = TimeBuckets.FloorTo(from.ToUnixTimeMilliseconds(), hour);
        var end = -TimeBuckets.FloorTo(-until.ToUnixTimeMilliseconds(), hour);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, end, nameof(from));
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var connection = (MySqlConnection)context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync(cancellationToken);
        var differing = new SortedSet<long>(await hourly.DifferingHoursAsync(connection, start, end, cancellationToken));
        differing.UnionWith(await keyHourly.DifferingHoursAsync(connection, start, end, cancellationToken));
        foreach (var hourStart in differing)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await RebuildChunkWithRetryAsync(connection, hourStart, hourStart + hour, cancellationToken);
        }

        var hours = (end - start) / hour;
        logger.LogRepaired(hours, differing.Count);
        return new RollupRepairResult(hours, differing.Select(DateTimeOffset.FromUnixTimeMilliseconds).ToList());
    }

    private async Task<(long? Oldest, long? Newest)> RangeOfRowsAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        var n = sql.Names;
        await using var command = new MySqlCommand(
            $"SELECT MIN({n.RequestCreatedAt}), MAX({n.RequestCreatedAt}) FROM {n.Requests}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1));
    }

    private async Task<long> RebuildChunkWithRetryAsync(MySqlConnection connection, long chunkStart, long chunkEnd, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(ChunkStartKey, chunkStart);
            return await chunkRetry.ExecuteAsync(
                async (ctx, _) => await RebuildChunkAsync(connection, chunkStart, chunkEnd, ctx.CancellationToken), context, 0);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<long> RebuildChunkAsync(MySqlConnection connection, long chunkStart, long chunkEnd, CancellationToken cancellationToken)
    {
        var n = sql.Names;
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

        // Lock the chunk's raw rows and the gaps between them: uncommitted batches in these hours finish first, later
        // ones wait until this chunk commits and then add on top of the rebuilt hours.
        await using var lockRows = Command(
            $"SELECT COUNT(*) FROM {n.Requests} WHERE {n.RequestCreatedAt} >= @from AND {n.RequestCreatedAt} < @to FOR UPDATE",
            connection, transaction, chunkStart, chunkEnd);
        var rows = Convert.ToInt64(await lockRows.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);

        await hourly.RebuildAsync(connection, transaction, chunkStart, chunkEnd, cancellationToken);
        await keyHourly.RebuildAsync(connection, transaction, chunkStart, chunkEnd, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        logger.LogChunkRebuilt(chunkStart, chunkEnd, rows);
        return rows;
    }

    private static MySqlCommand Command(string sql, MySqlConnection connection, MySqlTransaction transaction, long from, long to)
    {
        var command = new MySqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("@from", from);
        command.Parameters.AddWithValue("@to", to);
        return command;
    }
}
