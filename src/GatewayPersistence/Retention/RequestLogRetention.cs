using System.Diagnostics;
using System.Globalization;
using GatewayPersistence.Coordination;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Sql;
using GatewayPersistence.Statistics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Polly;

namespace GatewayPersistence.Retention;

/// <summary>
/// One retention run (<see cref="RequestLogRetentionService"/> calls it on its schedule), under the exclusive lock so
/// one gateway instance runs it at a time:
/// <list type="number">
/// <item>rows: the cutoff is the start of the UTC hour <c>RowDays</c> days ago; the row floor is raised to it first
/// (readers stop looking below it), then rows below the floor are deleted oldest first in chunks of about
/// <c>ChunkRows</c> rows, each chunk one short autocommit statement along <c>idx_api_requests_created_at</c>, followed by a
/// pause of at least <c>ChunkPause</c> and <c>ChunkPauseFactor</c> times the chunk's duration;</item>
/// <item>bodies: request and response bodies of rows below the start of the hour <c>BodyDays</c> days ago are cleared
/// in chunks the same way, from the body floor (where the previous run stopped) up, and the body floor follows.</item>
/// </list>
/// A run stops starting chunks when its time budget is spent and pauses between chunks. The rollups are never touched:
/// they keep the purged hours' counters.
/// </summary>
/// <remarks>
/// Why chunks found by a boundary (the created_at of the chunk's last row, read from the index) rather than
/// <c>DELETE … LIMIT</c>: the statement is deterministic (safe for statement-based replication), and each one locks only
/// its own range of the created_at index, far below the rows being inserted, so ingest never waits on it.
/// </remarks>
internal sealed class RequestLogRetention
{
    /// <summary>Name of the exclusive lock of a run.</summary>
    public const string LockName = "request-log-retention";

    private readonly GatewayDataSource dataSource;
    private readonly SqlModel sql;
    private readonly IOptions<GatewayPersistenceOptions> options;
    private readonly IExclusiveLock exclusiveLock;
    private readonly RetentionMetrics metrics;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<RequestLogRetention> logger;
    private readonly ResiliencePipeline chunkRetry;

    public RequestLogRetention(
        GatewayDataSource dataSource, SqlModel sql, IOptions<GatewayPersistenceOptions> options, IExclusiveLock exclusiveLock,
        RetentionMetrics metrics, TimeProvider timeProvider, ILogger<RequestLogRetention> logger)
    {
        this.dataSource = dataSource;
        this.sql = sql;
        this.options = options;
        this.exclusiveLock = exclusiveLock;
        this.metrics = metrics;
        this.timeProvider = timeProvider;
        this.logger = logger;
        // A chunk that lost a lock race rolled back whole (autocommit): run it again.
        chunkRetry = LockRaceRetry.Create(TimeSpan.FromMilliseconds(100), (attempt, errorNumber, _) => logger.LogChunkRetried(attempt, errorNumber));
    }

    private RetentionOptions Settings => options.Value.RequestLog.Retention;

    /// <summary>Whether either retention is configured.</summary>
    public bool Enabled => Settings.RowDays is not null || Settings.BodyDays is not null;

    /// <summary>Runs retention once (nothing when both retentions are off or another instance holds the lock).</summary>
    public async Task<RetentionRunResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var settings = Settings;
        if (!Enabled)
        {
            return new RetentionRunResult(true, null, null, 0, 0, 0, 0, TimeSpan.Zero);
        }

        await using var lease = await exclusiveLock.TryAcquireAsync(LockName, cancellationToken);
        if (lease is null)
        {
            var skipped = RetentionRunResult.Skipped(Stopwatch.GetElapsedTime(started));
            metrics.RecordRun(skipped);
            logger.LogRunSkipped();
            return skipped;
        }

        // A lease lost mid-run (this instance cut off for a whole lease) ends the run: another may have started one.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        cancellationToken = linked.Token;
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var run = new Run(this, settings, started);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        long? rowFloor = null;
        long? bodyFloor = null;
        long rowsRemaining = 0;
        if (settings.RowDays is { } rowDays)
        {
            var cutoff = HourCutoff(now, rowDays);
            // Recorded before the first delete: from here on no reader looks below it, so none sees a half-deleted hour.
            rowFloor = await RetentionFloors.RaiseAsync(connection, sql, RetentionFloor.RowsKind, cutoff, now, cancellationToken);
            var finished = await run.DeleteRowsBelowAsync(connection, rowFloor.Value, cancellationToken);
            rowsRemaining = finished ? 0 : await CountBelowAsync(connection, rowFloor.Value, cancellationToken);
        }

        if (settings.BodyDays is { } bodyDays && !run.BudgetSpent)
        {
            var cutoff = HourCutoff(now, bodyDays);
            var from = await RetentionFloors.ReadAsync(connection, null, sql, RetentionFloor.BodiesKind, cancellationToken);
            // Rows below the row floor are gone (or going): no need to clear their bodies.
            var lower = Math.Max(from ?? long.MinValue, rowFloor ?? long.MinValue);
            bodyFloor = await run.ClearBodiesAsync(connection, lower, cutoff, now, cancellationToken);
        }

        var result = new RetentionRunResult(
            true, rowFloor, bodyFloor, run.RowsDeleted, run.BodiesCleared, rowsRemaining, run.Statements, Stopwatch.GetElapsedTime(started));
        metrics.RecordRun(result);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogRunCompleted(result.RowsDeleted, Describe(rowFloor), result.BodiesCleared, Describe(bodyFloor), result.RowsRemaining,
                result.Statements, (long)result.Duration.TotalMilliseconds);
        }
        return result;
    }

    /// <summary>The start of the UTC hour <paramref name="days"/> days before <paramref name="now"/>: retention works in whole hours.</summary>
    internal static long HourCutoff(long now, int days) => TimeBuckets.FloorTo(now - (days * TimeBuckets.DayMilliseconds), TimeBuckets.HourMilliseconds);

    private static string Describe(long? floor)
        => floor is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value).ToString("O", CultureInfo.InvariantCulture) : "(off)";

    private async Task<long> CountBelowAsync(MySqlConnection connection, long floor, CancellationToken cancellationToken)
    {
        var n = sql.Names;
        await using var command = new MySqlCommand($"SELECT COUNT(*) FROM {n.Requests} WHERE {n.RequestCreatedAt} < @floor", connection);
        command.Parameters.AddWithValue("@floor", floor);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>The chunk loop of one run: its budget, its counts.</summary>
    private sealed class Run(RequestLogRetention owner, RetentionOptions settings, long started)
    {
        public long RowsDeleted { get; private set; }

        public long BodiesCleared { get; private set; }

        public int Statements { get; private set; }

        public bool BudgetSpent => Stopwatch.GetElapsedTime(started) >= settings.TimeBudget;

        /// <summary>Deletes rows below <paramref name="floor"/>, oldest first; true when none is left.</summary>
        public async Task<bool> DeleteRowsBelowAsync(MySqlConnection connection, long floor, CancellationToken cancellationToken)
        {
            var n = owner.sql.Names;
            // Each chunk starts after the last one's rows (every row at or below its upper bound is gone): the server keeps
            // deleted entries in the indexes until its purge gets to them, and a chunk seeking from the start of the index
            // would step over all the run's deleted rows again (chunks slowed down as the run went on, 6 s per 5,000 rows
            // at 10M). The pass ends with one sweep from the start for rows that arrived behind the chunks.
            var boundarySql = $"SELECT {n.RequestCreatedAt} FROM {n.Requests} WHERE {n.RequestCreatedAt} > @lower AND {n.RequestCreatedAt} < @floor "
                + $"ORDER BY {n.RequestCreatedAt} LIMIT 1 OFFSET @skip";
            var deleteSql = $"DELETE FROM {n.Requests} WHERE {n.RequestCreatedAt} > @lower AND {n.RequestCreatedAt} < @floor AND {n.RequestCreatedAt} <= @upper";
            var lower = long.MinValue;
            while (true)
            {
                if (BudgetSpent)
                {
                    return false;
                }

                var chunkStarted = Stopwatch.GetTimestamp();
                var boundary = await ScalarAsync(connection, boundarySql, cancellationToken, ("@lower", lower), ("@floor", floor), ("@skip", settings.ChunkRows - 1));
                var upper = boundary ?? floor - 1;
                var deleted = await ExecuteAsync(connection, deleteSql, cancellationToken, ("@lower", lower), ("@floor", floor), ("@upper", upper));
                RowsDeleted += deleted;
                if (boundary is null && lower == long.MinValue)
                {
                    return true;
                }

                // After the last chunk, one pass from the start again (once per run) finds what arrived behind the chunks.
                lower = boundary is null ? long.MinValue : upper;
                await PauseAsync(Stopwatch.GetElapsedTime(chunkStarted), cancellationToken);
            }
        }

        /// <summary>
        /// Clears bodies of rows in <c>[lower, cutoff)</c>, oldest first, raising the body floor after each chunk; returns the
        /// body floor reached.
        /// </summary>
        public async Task<long?> ClearBodiesAsync(MySqlConnection connection, long lower, long cutoff, long now, CancellationToken cancellationToken)
        {
            var requests = owner.sql.Table<ApiRequest>();
            var n = owner.sql.Names;
            var requestBody = requests.Column(r => r.RequestBody);
            var responseBody = requests.Column(r => r.ResponseBody);
            var boundarySql = $"SELECT {n.RequestCreatedAt} FROM {n.Requests} WHERE {n.RequestCreatedAt} >= @lower AND {n.RequestCreatedAt} < @cutoff "
                + $"ORDER BY {n.RequestCreatedAt} LIMIT 1 OFFSET @skip";
            var clearSql = $"UPDATE {n.Requests} SET {requestBody} = NULL, {responseBody} = NULL "
                + $"WHERE {n.RequestCreatedAt} >= @lower AND {n.RequestCreatedAt} <= @upper AND ({requestBody} IS NOT NULL OR {responseBody} IS NOT NULL)";
            long? reached = lower == long.MinValue ? null : lower;
            while (lower < cutoff && !BudgetSpent)
            {
                var chunkStarted = Stopwatch.GetTimestamp();
                var boundary = await ScalarAsync(connection, boundarySql, cancellationToken, ("@lower", lower), ("@cutoff", cutoff), ("@skip", settings.ChunkRows - 1));
                var upper = boundary ?? cutoff - 1;
                BodiesCleared += await ExecuteAsync(connection, clearSql, cancellationToken, ("@lower", lower), ("@upper", upper));
                lower = upper + 1;
                reached = await RetentionFloors.RaiseAsync(connection, owner.sql, RetentionFloor.BodiesKind, lower, now, cancellationToken);
                if (boundary is null)
                {
                    break;
                }

                await PauseAsync(Stopwatch.GetElapsedTime(chunkStarted), cancellationToken);
            }

            return reached;
        }

        /// <summary>Pauses at least ChunkPause, and ChunkPauseFactor times the chunk's own duration.</summary>
        private async Task PauseAsync(TimeSpan chunkDuration, CancellationToken cancellationToken)
        {
            var pause = TimeSpan.FromTicks(Math.Max(settings.ChunkPause.Ticks, (long)(chunkDuration.Ticks * settings.ChunkPauseFactor)));
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, owner.timeProvider, cancellationToken);
            }
        }

        private static async Task<long?> ScalarAsync(
            MySqlConnection connection, string text, CancellationToken cancellationToken, params (string Name, long Value)[] parameters)
        {
            await using var command = new MySqlCommand(text, connection);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            var value2 = await command.ExecuteScalarAsync(cancellationToken);
            return value2 is null or DBNull ? null : Convert.ToInt64(value2, CultureInfo.InvariantCulture);
        }

        private async Task<int> ExecuteAsync(
            MySqlConnection connection, string text, CancellationToken cancellationToken, params (string Name, long Value)[] parameters)
        {
            Statements++;
            return await owner.chunkRetry.ExecuteAsync(async ct =>
            {
                await using var command = new MySqlCommand(text, connection) { CommandTimeout = 0 };
                foreach (var (name, value) in parameters)
                {
                    command.Parameters.AddWithValue(name, value);
                }

                return await command.ExecuteNonQueryAsync(ct);
            }, cancellationToken);
        }
    }
}
