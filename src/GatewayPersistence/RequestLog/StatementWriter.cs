using System.Diagnostics;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Sql;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using Polly;
using Polly.Retry;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Writes the rows of one statement in one transaction: retries transient failures with exponential backoff and jitter
/// (except for a probe, which is one attempt), switches to INSERT when the server refuses <c>LOAD DATA LOCAL</c>, runs
/// once more after another writer inserted one of the ids, and splits the rows in halves to isolate a row the server
/// refuses for its data, which is dead-lettered. When the database does not answer, the rows are left to the caller.
/// </summary>
internal sealed class StatementWriter
{
    private readonly DeadLetterFile deadLetters;
    private readonly GatewayDataSource dataSource;
    private readonly RequestLogMetrics metrics;
    private readonly ILogger logger;
    private readonly ResiliencePipeline retry;

    public StatementWriter(
        RequestLogOptions options, DeadLetterFile deadLetters, GatewayDataSource dataSource, RequestLogMetrics metrics, ILogger<StatementWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.deadLetters = deadLetters;
        this.dataSource = dataSource;
        this.metrics = metrics;
        this.logger = logger;
        retry = options.MaxRetryAttempts < 1
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(RequestLogFailure.IsTransient),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                OnRetry = async arguments =>
                {
                    metrics.AddRetry(arguments.Outcome.Exception is MySqlException mysql && LockRaceRetry.IsLockRace(mysql));
                    logger.LogRetrying(arguments.AttemptNumber + 1, arguments.RetryDelay, arguments.Outcome.Exception?.Message ?? "");
                    if (arguments.Outcome.Exception is { } failure && RequestLogFailure.IsPrivilegeRefusal(failure))
                    {
                        // The retry must not take another pooled session with the same stale grants.
                        await dataSource.ClearPoolAsync();
                    }
                },
            }).Build();
    }

    /// <summary>
    /// Writes <paramref name="rows"/>; false when the database did not answer (or the write was cancelled), the rows not
    /// written being then added to <paramref name="pending"/>.
    /// </summary>
    /// <param name="path">The layout-bound parts of the write.</param>
    /// <param name="rows">The statement's rows.</param>
    /// <param name="singleAttempt">A probe: a server that stays down must not hold every batch for a whole retry budget.</param>
    /// <param name="pending">Receives the records not written when the database did not answer.</param>
    /// <param name="cancellationToken">Cancels the database work.</param>
    public async Task<bool> WriteAsync(
        WritePath path, List<PreparedApiRequestRow> rows, bool singleAttempt, List<ApiRequestRecord> pending, CancellationToken cancellationToken)
    {
        var split = new SplitEvidence(metrics.Written);
        var answered = await WriteRowsAsync(path, rows, singleAttempt, pending, split, cancellationToken);
        if (split.Refused.Count == 0)
        {
            return answered;
        }

        // A row is dead-lettered only on evidence that it is the row, not the server: it failed alone while rows around
        // it (in this statement, or any other batch meanwhile) were written. A statement whose every row fails alone
        // says more about the server (a column changed by a deployment, a trigger refusing everything): journal it.
        if (rows.Count == 1 || split.WrittenRows > 0 || metrics.Written > split.WrittenBefore)
        {
            deadLetters.Write(split.Refused);
            return answered;
        }

        logger.LogEveryRowRefused(rows.Count, split.Refused[0].ErrorNumber);
        pending.AddRange(split.Refused.Select(refused => refused.Source));
        return false;
    }

    private async Task<bool> WriteRowsAsync(
        WritePath path, List<PreparedApiRequestRow> rows, bool singleAttempt, List<ApiRequestRecord> pending, SplitEvidence split,
        CancellationToken cancellationToken)
    {
        var pipeline = singleAttempt ? ResiliencePipeline.Empty : retry;
        var conflictRetried = false;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            var attemptWriter = path.Writers.Current;
            try
            {
                var inserted = await pipeline.ExecuteAsync(
                    async token => await path.Transaction.WriteAsync(rows, attemptWriter, token), cancellationToken);
                metrics.AddWritten(inserted, Stopwatch.GetElapsedTime(started));
                split.WrittenRows += rows.Count;
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
                    case RequestLogFailureKind.LocalInfileRefused when attemptWriter is LoadDataApiRequestWriter:
                        // Concurrent batches may all be refused: the first switches the writer and logs, the rest retry.
                        if (path.Writers.SwitchToInsert(attemptWriter))
                        {
                            logger.LogInsertFallback(exception.Message);
                        }

                        continue;
                    case RequestLogFailureKind.Conflict when !conflictRetried:
                        // Another writer inserted one of these ids after our pre-check: the next pre-check sees it.
                        conflictRetried = true;
                        continue;
                    case RequestLogFailureKind.Data or RequestLogFailureKind.Conflict or RequestLogFailureKind.LocalInfileRefused:
                        return await SplitAsync(path, rows, exception, singleAttempt, pending, split, cancellationToken);
                    default:
                        // A server or deployment state (disk full, WSREP not ready, unknown database, access denied, any
                        // unknown error): never split nor dead-lettered; the rows go to the journal and come back.
                        logger.LogUnavailable(rows.Count, exception.Message);
                        if (RequestLogFailure.IsPrivilegeRefusal(exception))
                        {
                            // The replay after the GRANT must run on sessions that started after it.
                            await dataSource.ClearPoolAsync();
                        }

                        pending.AddRange(rows.Select(row => row.Source));
                        return false;
                }
            }
        }
    }

    /// <summary>Writes each half on its own, down to the single row the server refuses, which is set aside.</summary>
    private async Task<bool> SplitAsync(
        WritePath path, List<PreparedApiRequestRow> rows, Exception exception, bool singleAttempt, List<ApiRequestRecord> pending,
        SplitEvidence split, CancellationToken cancellationToken)
    {
        if (rows.Count == 1)
        {
            split.Refused.Add(new RejectedApiRequest(
                rows[0].Source, exception.Message, RequestLogFailure.ErrorNumberOf(exception), RequestLogFailure.DataReasonOf(exception)));
            return true;
        }

        var half = rows.Count / 2;
        var left = rows.GetRange(0, half);
        var right = rows.GetRange(half, rows.Count - half);
        if (!await WriteRowsAsync(path, left, singleAttempt, pending, split, cancellationToken))
        {
            pending.AddRange(right.Select(row => row.Source));
            return false;
        }

        return await WriteRowsAsync(path, right, singleAttempt, pending, split, cancellationToken);
    }

    /// <summary>What a split learned: rows written, rows refused alone, and the written counter when it began.</summary>
    private sealed class SplitEvidence(long writtenBefore)
    {
        public long WrittenBefore { get; } = writtenBefore;

        public int WrittenRows { get; set; }

        public List<RejectedApiRequest> Refused { get; } = [];
    }
}
