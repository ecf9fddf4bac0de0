using System.Diagnostics;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Rollups;
using GatewayPersistence.Sql;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using Polly;
using Polly.Retry;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Writes batches of records: prepares them, cuts them into statements under the byte cap, retries transient failures
/// with exponential backoff and jitter, isolates a poison row by splitting (binary) and dead-letters it, switches to
/// INSERT once when the server refuses <c>LOAD DATA LOCAL</c>, and spills to the journal when the database stays
/// unavailable past the retry budget. While unavailable it probes every <see cref="RequestLogOptions.ProbeInterval"/>
/// and spills meanwhile; the journal is replayed in order once the database answers. Up to
/// <see cref="RequestLogOptions.MaxConcurrentBatches"/> batches are written at once, each in its own transaction.
/// </summary>
internal sealed partial class ApiRequestBatchProcessor : IDisposable
{
    private readonly RequestLogOptions options;
    private readonly GatewayDataSource dataSource;
    private readonly SqlModel sql;
    private readonly IApiRequestRollupWriter rollupWriter;
    private readonly SpillJournal journal;
    private readonly DeadLetterFile deadLetters;
    private readonly RequestLogMetrics metrics;
    private readonly ILogger logger;
    private readonly ResiliencePipeline retryPipeline;
    private readonly SemaphoreSlim gate;
    private readonly SemaphoreSlim readyGate = new(1, 1);
    private ApiRequestRowPreparer? preparer;
    private ApiRequestBatchTransaction? batchTransaction;
    private IApiRequestBulkWriter? writer;
    private long unavailableUntil;
    private volatile bool unavailable;

    public ApiRequestBatchProcessor(
        RequestLogOptions options, GatewayDataSource dataSource, SqlModel sql, IApiRequestRollupWriter rollupWriter,
        SpillJournal journal, DeadLetterFile deadLetters, RequestLogMetrics metrics, ILogger logger)
    {
        this.options = options;
        this.dataSource = dataSource;
        this.sql = sql;
        this.rollupWriter = rollupWriter;
        this.journal = journal;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.logger = logger;
        gate = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentBatches));
        retryPipeline = options.MaxRetryAttempts < 1
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(RequestLogFailure.IsTransient),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                OnRetry = arguments =>
                {
                    metrics.AddRetry();
                    LogRetrying(logger, arguments.AttemptNumber + 1, arguments.RetryDelay, arguments.Outcome.Exception?.Message ?? "");
                    return default;
                },
            }).Build();
    }

    /// <summary>Whether batches currently go to the journal because the database did not answer.</summary>
    public bool IsUnavailable => unavailable;

    /// <summary>Whether the server refused LOAD DATA LOCAL and rows go through INSERT.</summary>
    public bool UsesInsertFallback => Volatile.Read(ref writer) is MultiRowInsertApiRequestWriter;

    /// <summary>The table shape in use, once the database has answered.</summary>
    internal ApiRequestTable? Table => preparer?.Table;

    /// <summary>
    /// Writes <paramref name="records"/>. Returns true when every record is committed or dead-lettered; otherwise the
    /// rest went to the journal (<paramref name="allowSpill"/>) or, when spilling is not allowed (replay), stays with
    /// the caller.
    /// </summary>
    /// <param name="records">Records to write.</param>
    /// <param name="allowSpill">Whether what cannot be written goes to the journal.</param>
    /// <param name="cancellationToken">Cancels the database work (the rest is then spilled).</param>
    /// <param name="probeNow">Try the database now even while it is marked unavailable and no probe is due.</param>
    public async Task<bool> WriteAsync(
        IReadOnlyList<ApiRequestRecord> records, bool allowSpill, CancellationToken cancellationToken, bool probeNow = false)
    {
        await gate.WaitAsync(CancellationToken.None);
        try
        {
            return await WriteLockedAsync(records, allowSpill, probeNow, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Replays journal segments in order (all, or up to <paramref name="maxSegments"/>) while the database answers.</summary>
    public async Task ReplayJournalAsync(int maxSegments, CancellationToken cancellationToken, bool probeNow = false)
    {
        foreach (var segment in journal.ListSegments().Take(maxSegments))
        {
            if (cancellationToken.IsCancellationRequested || (unavailable && !ProbeDue && !probeNow))
            {
                return;
            }

            var records = journal.Read(segment);
            probeNow = false;
            if (!await WriteAsync(records, allowSpill: false, cancellationToken, probeNow: true))
            {
                return;
            }

            journal.Delete(segment);
            metrics.AddReplayed(records.Count);
            var segmentName = Path.GetFileName(segment);
            LogReplayed(logger, records.Count, segmentName);
        }
    }

    public void Dispose()
    {
        gate.Dispose();
        readyGate.Dispose();
    }

    public bool ProbeDue => Stopwatch.GetTimestamp() >= Interlocked.Read(ref unavailableUntil);

    private async Task<bool> WriteLockedAsync(
        IReadOnlyList<ApiRequestRecord> records, bool allowSpill, bool probeNow, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return true;
        }

        var pending = new List<ApiRequestRecord>();
        if (cancellationToken.IsCancellationRequested || (unavailable && !ProbeDue && !probeNow) || !await EnsureReadyAsync(cancellationToken))
        {
            pending.AddRange(records);
        }
        else
        {
            var rejected = new List<RejectedApiRequest>();
            var rows = preparer!.Prepare(records, rejected);
            deadLetters.Write(rejected);
            // A probe is one attempt: a server that stays down must not hold every batch for a whole retry budget.
            var pipeline = unavailable ? ResiliencePipeline.Empty : retryPipeline;
            foreach (var statement in CutIntoStatements(rows))
            {
                if (pending.Count > 0)
                {
                    pending.AddRange(statement.Select(row => row.Source));
                    continue;
                }

                if (!await WriteStatementAsync(statement, pipeline, pending, cancellationToken))
                {
                    await MarkUnavailableAsync();
                }
            }

            if (pending.Count == 0 && unavailable)
            {
                unavailable = false;
                LogAvailable(logger);
            }
        }

        if (pending.Count == 0)
        {
            return true;
        }

        if (allowSpill)
        {
            Spill(pending);
        }

        return false;
    }

    private void Spill(List<ApiRequestRecord> pending)
    {
        if (!journal.TryAppend(pending))
        {
            metrics.AddDropped(pending.Count);
            LogLost(logger, pending.Count);
        }
    }

    private IEnumerable<List<PreparedApiRequestRow>> CutIntoStatements(List<PreparedApiRequestRow> rows)
    {
        var statement = new List<PreparedApiRequestRow>();
        var bytes = 0L;
        foreach (var row in rows)
        {
            if (statement.Count > 0 && (statement.Count >= options.MaxBatchRows || bytes + row.EstimatedBytes > preparer!.Table.BatchByteCap))
            {
                yield return statement;
                statement = [];
                bytes = 0;
            }

            statement.Add(row);
            bytes += row.EstimatedBytes;
        }

        if (statement.Count > 0)
        {
            yield return statement;
        }
    }

    /// <summary>False when the database is unavailable; the rows not written are then added to <paramref name="pending"/>.</summary>
    private async Task<bool> WriteStatementAsync(
        List<PreparedApiRequestRow> rows, ResiliencePipeline pipeline, List<ApiRequestRecord> pending, CancellationToken cancellationToken)
    {
        var conflictRetried = false;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            var attemptWriter = writer!;
            try
            {
                var inserted = await pipeline.ExecuteAsync(
                    async token => await batchTransaction!.WriteAsync(rows, attemptWriter, token), cancellationToken);
                metrics.AddWritten(inserted, Stopwatch.GetElapsedTime(started));
                return true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                pending.AddRange(rows.Select(row => row.Source));
                return false;
            }
            catch (Exception exception)
            {
                switch (RequestLogFailure.Classify(exception))
                {
                    case RequestLogFailureKind.LocalInfileRefused when attemptWriter is MySqlBulkCopyApiRequestWriter:
                        // Concurrent batches may all be refused: the first switches the writer and logs, the rest retry.
                        var insertWriter = new MultiRowInsertApiRequestWriter(preparer!.Table);
                        if (Interlocked.CompareExchange(ref writer, insertWriter, attemptWriter) == attemptWriter)
                        {
                            LogFallback(logger, exception.Message);
                        }

                        continue;
                    case RequestLogFailureKind.Conflict when !conflictRetried:
                        // Another writer inserted one of these ids after our pre-check: the next pre-check sees it.
                        conflictRetried = true;
                        continue;
                    case RequestLogFailureKind.Data or RequestLogFailureKind.Conflict or RequestLogFailureKind.LocalInfileRefused:
                        return await SplitAsync(rows, exception, pipeline, pending, cancellationToken);
                    default:
                        LogUnavailable(logger, rows.Count, exception.Message);
                        pending.AddRange(rows.Select(row => row.Source));
                        return false;
                }
            }
        }
    }

    private async Task<bool> SplitAsync(
        List<PreparedApiRequestRow> rows, Exception exception, ResiliencePipeline pipeline, List<ApiRequestRecord> pending,
        CancellationToken cancellationToken)
    {
        if (rows.Count == 1)
        {
            deadLetters.Write([new RejectedApiRequest(rows[0].Source, exception.Message)]);
            return true;
        }

        var half = rows.Count / 2;
        var left = rows.GetRange(0, half);
        var right = rows.GetRange(half, rows.Count - half);
        if (!await WriteStatementAsync(left, pipeline, pending, cancellationToken))
        {
            pending.AddRange(right.Select(row => row.Source));
            return false;
        }

        return await WriteStatementAsync(right, pipeline, pending, cancellationToken);
    }

    private async Task MarkUnavailableAsync()
    {
        unavailable = true;
        // Pooled connections to a server that went away are dead: the next probe must open a fresh one.
        await dataSource.ClearPoolAsync();

        Interlocked.Exchange(ref unavailableUntil, Stopwatch.GetTimestamp() + (long)(options.ProbeInterval.TotalSeconds * Stopwatch.Frequency));
    }

    /// <summary>Reads the server's facts once (max_allowed_packet, whether total_tokens is generated) and builds the table shape.</summary>
    private async Task<bool> EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref preparer) is not null)
        {
            return true;
        }

        await readyGate.WaitAsync(CancellationToken.None);
        try
        {
            return preparer is not null || await ReadServerFactsAsync(cancellationToken);
        }
        finally
        {
            readyGate.Release();
        }
    }

    private async Task<bool> ReadServerFactsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var requests = sql.Table<ApiRequest>();
            var tableName = requests.UnquotedName;
            var totalTokens = requests.UnquotedColumn(r => r.TotalTokens);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var packet = new MySqlCommand("SELECT @@max_allowed_packet", connection);
            var maxAllowedPacket = Convert.ToInt64(await packet.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            await using var generated = new MySqlCommand(
                """
                SELECT COUNT(*) FROM information_schema.COLUMNS
                WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = @table AND COLUMN_NAME = @column
                  AND (UPPER(EXTRA) LIKE '%GENERATED%' OR COALESCE(GENERATION_EXPRESSION, '') <> '')
                """, connection);
            generated.Parameters.AddWithValue("@table", tableName);
            generated.Parameters.AddWithValue("@column", totalTokens);
            var totalTokensIsPlain = Convert.ToInt64(await generated.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0;

            var table = ApiRequestTable.Create(sql, options, maxAllowedPacket, totalTokensIsPlain);
            if (table.BodyByteLimit < options.BodyByteLimit)
            {
                LogBodyLimitLowered(logger, options.BodyByteLimit, table.BodyByteLimit, maxAllowedPacket);
            }

            LogReady(logger, maxAllowedPacket, table.BatchByteCap, totalTokensIsPlain);
            batchTransaction = new ApiRequestBatchTransaction(dataSource, table, rollupWriter);
            writer = options.WriteMode == RequestLogWriteMode.Insert ? new MultiRowInsertApiRequestWriter(table) : new MySqlBulkCopyApiRequestWriter(table);
            // Published last: a concurrent batch that sees the preparer sees the writer and the transaction too.
            Volatile.Write(ref preparer, new ApiRequestRowPreparer(table, metrics, logger));
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException && RequestLogFailure.IsTransient(exception))
        {
            LogUnavailable(logger, 0, exception.Message);
            await MarkUnavailableAsync();
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request log ready: max_allowed_packet {MaxAllowedPacket}, batch byte cap {BatchByteCap}, total_tokens written by the pipeline: {WritesTotalTokens}.")]
    private static partial void LogReady(ILogger logger, long maxAllowedPacket, int batchByteCap, bool writesTotalTokens);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Body limit {Configured} bytes lowered to {Effective} so that a row fits in one statement (max_allowed_packet {MaxAllowedPacket}).")]
    private static partial void LogBodyLimitLowered(ILogger logger, int configured, int effective, long maxAllowedPacket);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The server refused LOAD DATA LOCAL ({Reason}); the request log now writes with multi-row INSERT.")]
    private static partial void LogFallback(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Request-log batch attempt {Attempt} after {Delay}: {Reason}")]
    private static partial void LogRetrying(ILogger logger, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable for the request log ({Reason}); {Count} rows go to the journal.")]
    private static partial void LogUnavailable(ILogger logger, int count, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database available again for the request log.")]
    private static partial void LogAvailable(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Count} request-log records from journal segment {Segment}.")]
    private static partial void LogReplayed(ILogger logger, int count, string segment);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} request-log records could not be written nor journaled and are lost.")]
    private static partial void LogLost(ILogger logger, int count);
}
