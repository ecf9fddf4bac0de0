using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// The in-memory side of the request log: a bounded channel that <see cref="Enqueue"/> writes to without blocking and
/// without touching the database. When the channel is full the overflow policy decides: with the journal, the record
/// goes to a second bounded buffer that a background loop appends to the journal (when that is full too, the caller
/// appends the buffer itself: nothing is dropped while the journal works); otherwise the channel drops a record
/// and its drop callback counts it, so no drop goes uncounted. Memory is bounded by bytes too: each record's size is
/// counted in O(1) (<see cref="RecordMemorySize"/>) against <see cref="RequestLogOptions.MaxQueuedBytes"/>, and a
/// record that would exceed it follows the overflow policy as if the queue were full (DropOldest drops the oldest
/// records until it fits).
/// </summary>
internal sealed class ApiRequestQueue : IApiRequestLog
{
    [ThreadStatic]
    private static ApiRequestRecord? droppedOnThisThread;

    private readonly Channel<QueuedRecord> channel;
    private readonly Channel<ApiRequestRecord>? overflow;
    private readonly RequestLogMetrics metrics;
    private readonly int batchSize;
    private readonly bool dropsOldest;
    private readonly ConcurrentQueue<FlushRequest> flushRequests = new();
    private TaskCompletionSource wake = NewSignal();
    private TaskCompletionSource overflowProgress = NewSignal();
    private long accepted;
    private long processed;
    private long overflowAccepted;
    private long overflowProcessed;
    private int finished;
    private long queuedBytes;
    private long overflowBytes;
    private readonly long maxQueuedBytes;
    private readonly long maxOverflowBytes;
    private readonly SpillJournal? journal;
    private readonly Lock spillLock = new();
    private int completed;

    /// <summary>Most records one overflow segment holds.</summary>
    internal const int OverflowChunk = 5_000;

    public ApiRequestQueue(RequestLogOptions options, RequestLogMetrics metrics, SpillJournal? journal = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        this.metrics = metrics;
        batchSize = options.BatchSize;
        Capacity = options.QueueCapacity;
        maxQueuedBytes = Math.Max(1, options.MaxQueuedBytes);
        maxOverflowBytes = Math.Max(1, options.MaxQueuedBytes);
        var journaling = options.OverflowPolicy == RequestLogOverflowPolicy.Journal && !string.IsNullOrWhiteSpace(options.JournalDirectory);
        this.journal = journaling ? journal : null;
        var fullMode = options.OverflowPolicy switch
        {
            RequestLogOverflowPolicy.DropOldest => BoundedChannelFullMode.DropOldest,
            RequestLogOverflowPolicy.Journal when journaling => BoundedChannelFullMode.Wait,
            _ => BoundedChannelFullMode.DropWrite,
        };
        dropsOldest = fullMode == BoundedChannelFullMode.DropOldest;
        channel = Channel.CreateBounded<QueuedRecord>(
            // DropOldest under the byte budget reads the oldest records from Enqueue's thread: more than one reader then.
            new BoundedChannelOptions(Capacity) { FullMode = fullMode, SingleReader = !dropsOldest, SingleWriter = false },
            OnQueuedRecordDropped);
        if (journaling)
        {
            overflow = Channel.CreateBounded<ApiRequestRecord>(
                // Wait: TryWrite answers false when full, and the caller journals the buffer itself (SpillOverflow);
                // read by the overflow loop and by such callers.
                new BoundedChannelOptions(Math.Max(1, options.OverflowBufferCapacity))
                {
                    FullMode = BoundedChannelFullMode.Wait, SingleReader = false, SingleWriter = false,
                });
        }

        metrics.ObserveQueue(() => Depth);
    }

    public int Capacity { get; }

    /// <summary>Records waiting in memory (queue and overflow buffer).</summary>
    public int Depth => channel.Reader.Count + (overflow?.Reader.Count ?? 0);

    public int Count => channel.Reader.Count;

    public long Accepted => Interlocked.Read(ref accepted) + Interlocked.Read(ref overflowAccepted);

    public ChannelReader<QueuedRecord> Reader => channel.Reader;

    public ChannelReader<ApiRequestRecord>? OverflowReader => overflow?.Reader;

    public bool HasFlushRequest => !flushRequests.IsEmpty;

    /// <summary>Bytes the queued records hold (see <see cref="RecordMemorySize"/>), the overflow buffer included.</summary>
    public long QueuedBytes => Interlocked.Read(ref queuedBytes) + Interlocked.Read(ref overflowBytes);

    /// <inheritdoc />
    public bool Enqueue(ApiRequestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var size = RecordMemorySize.Of(record);
        droppedOnThisThread = null;
        if (ReserveQueuedBytes(size))
        {
            if (channel.Writer.TryWrite(new QueuedRecord(record, Stopwatch.GetTimestamp(), size)))
            {
                if (droppedOnThisThread is not null && ReferenceEquals(droppedOnThisThread, record))
                {
                    return false; // dropped by the channel (DropNewest): its callback released the bytes and counted it
                }

                var queued = Interlocked.Increment(ref accepted) - Volatile.Read(ref processed);
                if (queued >= batchSize)
                {
                    Signal(ref wake);
                }

                return true;
            }

            Interlocked.Add(ref queuedBytes, -size);
        }

        // Not queued: over the byte budget, or the queue is full (Journal policy) or completed.
        if (overflow is not null && Volatile.Read(ref completed) == 0)
        {
            if (Interlocked.Add(ref overflowBytes, size) <= maxOverflowBytes && overflow.Writer.TryWrite(record))
            {
                Interlocked.Increment(ref overflowAccepted);
                return true;
            }

            Interlocked.Add(ref overflowBytes, -size);
            if (journal is { Faulted: false } && Volatile.Read(ref completed) == 0)
            {
                // The overflow buffer is full as well (a burst faster than the journal): under the Journal policy nothing
                // is dropped while the journal works, so this caller journals the buffer and its own record itself.
                return SpillOverflow(record) == 0;
            }
        }

        // Over budget with a dropping policy or a failed journal, or completed at shutdown: nothing else counts it.
        metrics.AddDropped(1);
        return false;
    }

    /// <summary>
    /// Journals up to <see cref="OverflowChunk"/> records of the overflow buffer, with <paramref name="own"/> (a caller's
    /// record that found the buffer full), as one segment. Serialised: the flush service's overflow loop and callers
    /// share it. Returns how many records were dropped (counted) because the journal did not take them.
    /// </summary>
    public int SpillOverflow(ApiRequestRecord? own = null)
    {
        lock (spillLock)
        {
            var chunk = new List<ApiRequestRecord>(Math.Min(OverflowChunk, (overflow?.Reader.Count ?? 0) + 1));
            while (chunk.Count < OverflowChunk && TryTakeOverflow(out var taken))
            {
                chunk.Add(taken);
            }

            var fromBuffer = chunk.Count;
            if (own is not null)
            {
                chunk.Add(own);
            }

            bool appended;
            try
            {
                appended = journal is not null && journal.TryAppend(chunk);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                appended = false; // TryAppend counts and logs its I/O failures; anything else must not reach Enqueue's caller
            }

            if (own is not null && appended)
            {
                Interlocked.Increment(ref overflowAccepted);
            }

            MarkOverflowProcessed(fromBuffer + (own is not null && appended ? 1 : 0));
            if (appended)
            {
                return 0;
            }

            metrics.AddDropped(chunk.Count);
            return chunk.Count;
        }
    }

    /// <summary>
    /// Adds <paramref name="size"/> to the queued bytes when it fits the budget. Under <see cref="RequestLogOverflowPolicy.DropOldest"/>
    /// the oldest queued records are dropped (counted) until it fits; false when it does not fit (bytes unchanged).
    /// </summary>
    private bool ReserveQueuedBytes(long size)
    {
        while (Interlocked.Add(ref queuedBytes, size) > maxQueuedBytes)
        {
            Interlocked.Add(ref queuedBytes, -size);
            if (!dropsOldest || !channel.Reader.TryRead(out var oldest))
            {
                return false;
            }

            OnQueuedRecordDropped(oldest);
        }

        return true;
    }

    /// <summary>Takes the oldest queued record, releasing its bytes.</summary>
    public bool TryTake(out QueuedRecord queued)
    {
        if (channel.Reader.TryRead(out queued))
        {
            Interlocked.Add(ref queuedBytes, -queued.Bytes);
            return true;
        }

        return false;
    }

    /// <summary>Takes the oldest record of the overflow buffer, releasing its bytes.</summary>
    public bool TryTakeOverflow(out ApiRequestRecord record)
    {
        if (overflow is not null && overflow.Reader.TryRead(out record!))
        {
            Interlocked.Add(ref overflowBytes, -RecordMemorySize.Of(record));
            return true;
        }

        record = null!;
        return false;
    }

    /// <inheritdoc />
    public async Task<RequestLogFlushResult> FlushAsync(CancellationToken cancellationToken)
    {
        var before = RequestLogFlushResult.Counters(metrics);
        var request = new FlushRequest(Interlocked.Read(ref accepted), Interlocked.Read(ref overflowAccepted));
        flushRequests.Enqueue(request);
        Signal(ref wake);
        if (Volatile.Read(ref finished) != 0)
        {
            // The flush service has stopped: nothing will serve the request, and everything accepted has been handled.
            CompleteFlushRequests();
        }

        await request.Completion.Task.WaitAsync(cancellationToken);
        return RequestLogFlushResult.Since(before, metrics);
    }

    /// <summary>The flush service has finished its drain: waiting and later flushes complete at once.</summary>
    public void MarkFinished()
    {
        Volatile.Write(ref finished, 1);
        CompleteFlushRequests();
    }

    /// <summary>Answers every waiting flush.</summary>
    public void CompleteFlushRequests()
    {
        while (flushRequests.TryDequeue(out var request))
        {
            request.Completion.TrySetResult();
        }
    }

    /// <summary>A task that completes at the next signal (a full batch waiting, or a flush request).</summary>
    public Task NextSignal()
    {
        var current = Volatile.Read(ref wake);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref wake, NewSignal(), current);
        }

        return Volatile.Read(ref wake).Task;
    }

    /// <summary>Age of the oldest waiting record, or null when none waits.</summary>
    public TimeSpan? OldestAge => channel.Reader.TryPeek(out var oldest) ? Stopwatch.GetElapsedTime(oldest.EnqueuedAt) : null;

    public void MarkProcessed(int count) => Interlocked.Add(ref processed, count);

    public long Processed => Interlocked.Read(ref processed);

    public void MarkOverflowProcessed(int count)
    {
        Interlocked.Add(ref overflowProcessed, count);
        Signal(ref overflowProgress);
    }

    /// <summary>Completes when the overflow loop has journaled every overflow record up to <paramref name="target"/>.</summary>
    public async Task WaitForOverflowAsync(long target, CancellationToken cancellationToken)
    {
        while (overflow is not null && Interlocked.Read(ref overflowProcessed) < target && !overflow.Reader.Completion.IsCompleted)
        {
            var progress = Volatile.Read(ref overflowProgress);
            if (progress.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref overflowProgress, NewSignal(), progress);
                continue;
            }

            await progress.Task.WaitAsync(TimeSpan.FromMilliseconds(200), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public bool TryTakeFlushRequest(out FlushRequest request) => flushRequests.TryDequeue(out request!);

    /// <summary>Stops accepting records (shutdown); what is queued stays readable.</summary>
    public void Complete()
    {
        Volatile.Write(ref completed, 1);
        channel.Writer.TryComplete();
        overflow?.Writer.TryComplete();
        Signal(ref wake);
    }

    private void OnQueuedRecordDropped(QueuedRecord dropped)
    {
        droppedOnThisThread = dropped.Record;
        Interlocked.Add(ref queuedBytes, -dropped.Bytes);
        metrics.AddDropped(1);
        if (dropsOldest)
        {
            // DropOldest removed a queued record: it will never be read, so it counts as handled.
            Interlocked.Increment(ref processed);
        }
    }

    private static void Signal(ref TaskCompletionSource signal)
    {
        var current = Volatile.Read(ref signal);
        if (!current.Task.IsCompleted)
        {
            current.TrySetResult();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
