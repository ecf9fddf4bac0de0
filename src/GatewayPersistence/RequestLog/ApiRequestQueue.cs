using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// The in-memory side of the request log: a bounded channel that <see cref="Enqueue"/> writes to without blocking and
/// without touching the database. When the channel is full the overflow policy decides: with the journal, the record
/// goes to a second bounded buffer that a background loop appends to the journal; otherwise the channel drops a record
/// and its drop callback counts it, so no drop goes uncounted.
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

    public ApiRequestQueue(RequestLogOptions options, RequestLogMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        this.metrics = metrics;
        batchSize = options.BatchSize;
        Capacity = options.QueueCapacity;
        var journaling = options.OverflowPolicy == RequestLogOverflowPolicy.Journal && !string.IsNullOrWhiteSpace(options.JournalDirectory);
        var fullMode = options.OverflowPolicy switch
        {
            RequestLogOverflowPolicy.DropOldest => BoundedChannelFullMode.DropOldest,
            RequestLogOverflowPolicy.Journal when journaling => BoundedChannelFullMode.Wait,
            _ => BoundedChannelFullMode.DropWrite,
        };
        dropsOldest = fullMode == BoundedChannelFullMode.DropOldest;
        channel = Channel.CreateBounded<QueuedRecord>(
            new BoundedChannelOptions(Capacity) { FullMode = fullMode, SingleReader = true, SingleWriter = false },
            OnQueuedRecordDropped);
        if (journaling)
        {
            overflow = Channel.CreateBounded<ApiRequestRecord>(
                new BoundedChannelOptions(Math.Max(1, options.OverflowBufferCapacity))
                {
                    FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true, SingleWriter = false,
                },
                OnOverflowRecordDropped);
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

    /// <inheritdoc />
    public bool Enqueue(ApiRequestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        droppedOnThisThread = null;
        if (channel.Writer.TryWrite(new QueuedRecord(record, Stopwatch.GetTimestamp())))
        {
            if (droppedOnThisThread is not null && ReferenceEquals(droppedOnThisThread, record))
            {
                return false;
            }

            var queued = Interlocked.Increment(ref accepted) - Volatile.Read(ref processed);
            if (queued >= batchSize)
            {
                Signal(ref wake);
            }

            return true;
        }

        if (overflow is not null && overflow.Writer.TryWrite(record) && !ReferenceEquals(droppedOnThisThread, record))
        {
            Interlocked.Increment(ref overflowAccepted);
            return true;
        }

        if (!ReferenceEquals(droppedOnThisThread, record))
        {
            // Completed at shutdown: nothing else will count it.
            metrics.AddDropped(1);
        }

        return false;
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var request = new FlushRequest(Interlocked.Read(ref accepted), Interlocked.Read(ref overflowAccepted));
        flushRequests.Enqueue(request);
        Signal(ref wake);
        await request.Completion.Task.WaitAsync(cancellationToken);
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
        channel.Writer.TryComplete();
        overflow?.Writer.TryComplete();
        Signal(ref wake);
    }

    private void OnQueuedRecordDropped(QueuedRecord dropped)
    {
        droppedOnThisThread = dropped.Record;
        metrics.AddDropped(1);
        if (dropsOldest)
        {
            // DropOldest removed a queued record: it will never be read, so it counts as handled.
            Interlocked.Increment(ref processed);
        }
    }

    private void OnOverflowRecordDropped(ApiRequestRecord dropped)
    {
        droppedOnThisThread = dropped;
        metrics.AddDropped(1);
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
