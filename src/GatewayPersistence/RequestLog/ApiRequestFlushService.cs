using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Drains the request-log queue: a batch is written when <see cref="RequestLogOptions.BatchSize"/> records wait or
/// <see cref="RequestLogOptions.FlushInterval"/> has passed since the oldest arrived; under load it takes everything
/// waiting up to <see cref="RequestLogOptions.MaxBatchRows"/>, and starts the next batch while up to
/// <see cref="RequestLogOptions.MaxConcurrentBatches"/> are still being written. Replays the journal at start-up and
/// whenever the database answers again. On stop it drains the queue and the in-flight batches within the host's shutdown
/// timeout less a margin (and <see cref="RequestLogOptions.ShutdownDrainTimeout"/>); what cannot be written then goes to
/// the journal, within the margin.
/// </summary>
/// <remarks>
/// The loop never dies: an exception escaping a step (a batch, a replay, the journal) is caught, counted
/// (<see cref="RequestLogMetrics.LoopFailures"/>, health Unhealthy until a step succeeds again), the batch it held is
/// journaled (or counted as dropped when the journal cannot take it), and the loop backs off and goes on. Waiting
/// flushes are always completed, also after the service has stopped.
/// </remarks>
internal sealed class ApiRequestFlushService(
    ApiRequestQueue queue, ApiRequestBatchProcessor processor, JournalReplayer replayer, DatabaseAvailability availability,
    SpillJournal journal, DeadLetterFile deadLetters, RequestLogOptions options, RequestLogMetrics metrics, ILogger<ApiRequestFlushService> logger,
    IOptions<HostOptions> hostOptions)
    : BackgroundService
{
    /// <summary>Share of the host's shutdown timeout kept for journaling what the drain could not write.</summary>
    private const int ShutdownMarginDivisor = 4;
    private static readonly TimeSpan MaxShutdownMargin = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource writeCancellation = new();

    // Completed at the shutdown deadline: in-flight writes are no longer waited for (see LeaveBehind).
    private readonly TaskCompletionSource writesLeftBehind = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Batch writes in flight with their records (at most RequestLogOptions.MaxConcurrentBatches); only the service's
    // own loop touches it.
    private readonly List<(Task Write, List<ApiRequestRecord> Records)> inFlight = [];
    private long droppedReported;
    private int consecutiveFailures;
    private int disposed;
    private int executing;

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Fails the host's start, naming the directory, when another process uses the same journal directory.
        journal.Open();
        deadLetters.Prune();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host may stop a service more than once, or after disposing it (WebApplicationFactory does): only the first
        // stop of a live service starts the drain.
        if (Volatile.Read(ref disposed) == 0)
        {
            queue.Complete();
            // The host waits HostOptions.ShutdownTimeout for every service together: the writes stop a margin before it,
            // so journaling the rest still fits (the host's token, when it fires earlier, cancels them at once).
            var budget = DrainBudget(hostOptions.Value.ShutdownTimeout, options.ShutdownDrainTimeout);
            writeCancellation.CancelAfter(budget);
            // A cancelled write normally returns at once (KILL QUERY), but a server may go on with the statement to its
            // end (MariaDB with a LOAD DATA LOCAL it has already read): half the margin later, or when the host's token
            // fires, in-flight writes are no longer waited for and their records are journaled instead.
            using var leaveBehind = new CancellationTokenSource(budget + LeaveBehindGrace(hostOptions.Value.ShutdownTimeout, budget));
            await using var leaveAtDeadline = leaveBehind.Token.Register(() => writesLeftBehind.TrySetResult());
            await using var registration = cancellationToken.Register(() =>
            {
                writeCancellation.Cancel();
                writesLeftBehind.TrySetResult();
            });
            await base.StopAsync(cancellationToken);
            if (Interlocked.Exchange(ref executing, 1) == 0)
            {
                // BackgroundService (.NET 10) starts ExecuteAsync through Task.Run with the stopping token, so a stop that
                // comes first cancels it before it ever runs: drain here instead, so nothing accepted stays in memory.
                await FinishAsync(RunOverflowLoopAsync());
            }
            else if (ExecuteTask is { } draining)
            {
                // base.StopAsync returns when the host's token fires, with the drain still running: the writes are
                // cancelled by then, so what is left only goes to the journal, which is quick. Returning earlier would
                // let the host exit with those records in memory.
                await draining.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            return;
        }

        await base.StopAsync(cancellationToken);
    }

    /// <summary>
    /// How long the shutdown drain may write: <paramref name="drainTimeout"/>, but at most the host's shutdown timeout less
    /// a margin (a quarter of it, at most 5 s) in which the rest is journaled.
    /// </summary>
    internal static TimeSpan DrainBudget(TimeSpan hostShutdownTimeout, TimeSpan drainTimeout)
    {
        if (hostShutdownTimeout == Timeout.InfiniteTimeSpan || hostShutdownTimeout < TimeSpan.Zero)
        {
            return drainTimeout;
        }

        var margin = TimeSpan.FromTicks(Math.Min(hostShutdownTimeout.Ticks / ShutdownMarginDivisor, MaxShutdownMargin.Ticks));
        var budget = hostShutdownTimeout - margin;
        return budget < drainTimeout ? budget : drainTimeout;
    }

    /// <summary>
    /// How long after the drain budget the drain still waits for a cancelled write: half the margin left before the
    /// host's shutdown timeout, at most 2 s (2 s when the host waits forever).
    /// </summary>
    internal static TimeSpan LeaveBehindGrace(TimeSpan hostShutdownTimeout, TimeSpan budget)
    {
        var most = TimeSpan.FromSeconds(2);
        if (hostShutdownTimeout == Timeout.InfiniteTimeSpan || hostShutdownTimeout < TimeSpan.Zero)
        {
            return most;
        }

        var half = (hostShutdownTimeout - budget) / 2;
        return half < TimeSpan.Zero ? TimeSpan.Zero : half < most ? half : most;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            // Nothing serves the queue any more: later records are refused (counted) and flushes answered at once.
            queue.Complete();
            queue.MarkFinished();
            writeCancellation.Dispose();
        }

        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (Interlocked.Exchange(ref executing, 1) == 1)
        {
            return; // StopAsync already drained
        }

        var overflowLoop = RunOverflowLoopAsync();
        try
        {
            await GuardAsync("start-up replay", () => UntilDeadlineAsync(replayer.ReplayAsync(int.MaxValue, writeCancellation.Token)), stoppingToken);
            await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stop requested: drain below.
        }

        await FinishAsync(overflowLoop);
    }

    /// <summary>The shutdown drain: what is queued is written (or journalled), then waiting flushes are released.</summary>
    private async Task FinishAsync(Task overflowLoop)
    {
        try
        {
            await DrainAsync();
            await overflowLoop;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // WriteBatchAsync journals its own failures; this is a last guard so that the flushes below are released.
            metrics.AddLoopFailure();
            logger.LogLoopFailed("shutdown drain", 0, TimeSpan.Zero, exception);
        }
        finally
        {
            queue.MarkFinished();
            ReportDrops();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WaitForWorkAsync(stoppingToken);
                ReportDrops();
                if (queue.TryTakeFlushRequest(out var request))
                {
                    await ServeFlushAsync(request);
                    continue;
                }

                var count = queue.Count;
                var due = count >= options.BatchSize || (queue.OldestAge is { } age && age >= options.FlushInterval);
                if (due)
                {
                    await WriteNextBatchAsync(count >= options.BatchSize ? options.MaxBatchRows : count);
                }

                if (journal.SegmentCount > 0 && availability.CanTry)
                {
                    await GuardAsync("journal replay", () => UntilDeadlineAsync(replayer.ReplayAsync(1, writeCancellation.Token)), stoppingToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                await BackOffAsync("loop", 0, exception, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Runs one step of the loop that holds no records of its own (a replay): a failure is counted and logged, the loop
    /// backs off (doubling from <see cref="RequestLogOptions.RetryBaseDelay"/> up to <see cref="RequestLogOptions.RetryMaxDelay"/>)
    /// and goes on.
    /// </summary>
    private async Task GuardAsync(string step, Func<Task> action, CancellationToken stoppingToken)
    {
        try
        {
            await action();
            metrics.AddLoopSuccess();
            consecutiveFailures = 0;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            await BackOffAsync(step, 0, exception, stoppingToken);
        }
    }

    private async Task BackOffAsync(string step, int records, Exception exception, CancellationToken stoppingToken)
    {
        metrics.AddLoopFailure();
        consecutiveFailures = Math.Min(consecutiveFailures + 1, 30);
        var delay = TimeSpan.FromTicks(Math.Min(
            options.RetryMaxDelay.Ticks, options.RetryBaseDelay.Ticks * (1L << Math.Min(consecutiveFailures - 1, 20))));
        logger.LogLoopFailed(step, records, delay, exception);
        try
        {
            await Task.Delay(delay, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the drain follows.
        }
    }

    /// <summary>Returns when a batch is due, a flush is requested, the journal needs a replay attempt, or on stop.</summary>
    private async Task WaitForWorkAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            var signal = queue.NextSignal();
            if (queue.HasFlushRequest || queue.Count >= options.BatchSize)
            {
                return;
            }

            TimeSpan? wait = null;
            if (queue.OldestAge is { } age)
            {
                if (age >= options.FlushInterval)
                {
                    return;
                }

                wait = options.FlushInterval - age;
            }

            if (journal.SegmentCount > 0)
            {
                if (availability.CanTry)
                {
                    return;
                }

                wait = wait is { } current && current < options.ProbeInterval ? current : options.ProbeInterval;
            }

            using var cancelWaits = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var waits = new List<Task> { signal, Task.Delay(wait ?? Timeout.InfiniteTimeSpan, cancelWaits.Token) };
            if (queue.Count == 0)
            {
                waits.Add(queue.Reader.WaitToReadAsync(cancelWaits.Token).AsTask());
            }

            await Task.WhenAny(waits);
            await cancelWaits.CancelAsync();
            stoppingToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Takes up to <paramref name="maxRecords"/> waiting records and starts writing them once a writer slot is free.</summary>
    private async Task<int> WriteNextBatchAsync(int maxRecords)
    {
        await WaitForWriterSlotAsync();
        var capacity = Math.Min(maxRecords, Math.Max(queue.Count, 1));
        var records = new List<ApiRequestRecord>(capacity);
        var enqueuedAt = new List<long>(capacity);
        while (records.Count < maxRecords && queue.TryTake(out var queued))
        {
            records.Add(queued.Record);
            enqueuedAt.Add(queued.EnqueuedAt);
        }

        if (records.Count > 0)
        {
            inFlight.Add((WriteBatchAsync(records, enqueuedAt), records));
        }

        return records.Count;
    }

    /// <summary>One batch: prepared, written statement by statement (retry, split, fallback), committed or spilled.</summary>
    private async Task WriteBatchAsync(List<ApiRequestRecord> records, List<long> enqueuedAt)
    {
        try
        {
            await processor.WriteAsync(records, allowSpill: true, writeCancellation.Token);
            metrics.AddLoopSuccess();
            metrics.RecordEnqueueToDone(enqueuedAt);
        }
        catch (Exception exception)
        {
            // Which rows were committed is unknown: journal them all (a replay adds nothing twice).
            metrics.AddLoopFailure();
            logger.LogLoopFailed("batch write", records.Count, TimeSpan.Zero, exception);
            SpillOrCountDropped(records);
        }
        finally
        {
            queue.MarkProcessed(records.Count);
        }
    }

    private void SpillOrCountDropped(List<ApiRequestRecord> records)
    {
        try
        {
            if (journal.TryAppend(records))
            {
                return;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogLoopFailed("journal append", records.Count, TimeSpan.Zero, exception);
        }

        metrics.AddDropped(records.Count);
        logger.LogLost(records.Count);
    }

    private async Task WaitForWriterSlotAsync()
    {
        while (inFlight.Count >= options.MaxConcurrentBatches)
        {
            var finished = await Task.WhenAny(inFlight.Select(batch => batch.Write).Append(writesLeftBehind.Task));
            if (finished == writesLeftBehind.Task)
            {
                LeaveBehind();
                return;
            }

            inFlight.RemoveAt(inFlight.FindIndex(batch => batch.Write == finished));
            await finished; // a failure surfaces here, as it did when batches were written one at a time
        }
    }

    /// <summary>Returns when every started batch is written (or journalled), or left behind at the shutdown deadline.</summary>
    private async Task WhenWrittenAsync()
    {
        while (inFlight.Count > 0)
        {
            var oldest = inFlight[0].Write;
            if (await Task.WhenAny(oldest, writesLeftBehind.Task) != oldest)
            {
                LeaveBehind();
                return;
            }

            inFlight.RemoveAt(0);
            await oldest;
        }
    }

    /// <summary>
    /// Awaits a replay until the shutdown deadline at most: a segment is deleted only once written, so a replay left
    /// behind loses nothing (the segment replays at the next start).
    /// </summary>
    private async Task UntilDeadlineAsync(Task replay)
    {
        if (await Task.WhenAny(replay, writesLeftBehind.Task) == replay)
        {
            await replay;
            return;
        }

        _ = replay.ContinueWith(static left => _ = left.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>
    /// The shutdown deadline with writes still in flight: their records are journaled now and the writes are no longer
    /// waited for, so the host exits with nothing accepted only in memory. A write that still commits later only makes
    /// the replay find its rows stored; one that fails later may journal them once more (replayed once, harmless).
    /// </summary>
    private void LeaveBehind()
    {
        foreach (var (write, records) in inFlight)
        {
            if (!write.IsCompleted)
            {
                logger.LogWriteLeftBehind(records.Count);
                SpillOrCountDropped(records);
            }
        }

        inFlight.Clear();
    }

    private async Task ServeFlushAsync(FlushRequest request)
    {
        try
        {
            while (queue.Processed < request.Target && await WriteNextBatchAsync(options.MaxBatchRows) > 0)
            {
            }

            await WhenWrittenAsync();

            await queue.WaitForOverflowAsync(request.OverflowTarget, writeCancellation.Token);
            await UntilDeadlineAsync(replayer.ReplayAsync(int.MaxValue, writeCancellation.Token, probeNow: true));
            metrics.AddLoopSuccess();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The flush is answered below; the loop goes on.
            metrics.AddLoopFailure();
            logger.LogLoopFailed("flush", 0, TimeSpan.Zero, exception);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the flush is answered below, the drain follows.
        }
        finally
        {
            request.Completion.TrySetResult();
        }
    }

    private async Task DrainAsync()
    {
        while (await WriteNextBatchAsync(options.MaxBatchRows) > 0)
        {
        }

        await WhenWrittenAsync();
    }

    /// <summary>Appends overflowing records (queue full) to the journal, in chunks, until the overflow buffer completes.</summary>
    private async Task RunOverflowLoopAsync()
    {
        if (queue.OverflowReader is not { } reader)
        {
            return;
        }

        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            // One segment per chunk; a caller that finds the buffer full journals it the same way (ApiRequestQueue.SpillOverflow).
            if (queue.SpillOverflow() is > 0 and var lost)
            {
                logger.LogLost(lost);
            }
        }
    }

    private void ReportDrops()
    {
        var dropped = metrics.Dropped;
        if (dropped > droppedReported)
        {
            logger.LogDropped(dropped - droppedReported, dropped);
            droppedReported = dropped;
        }
    }
}
