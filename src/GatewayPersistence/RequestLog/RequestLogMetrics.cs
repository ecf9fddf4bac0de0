using System.Diagnostics.Metrics;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Counters of the pipeline, kept twice: as plain fields for <see cref="IRequestLogState"/> and as instruments on the
/// <c>GatewayPersistence</c> meter (names prefixed <c>gateway_persistence.request_log.</c>).
/// </summary>
internal sealed class RequestLogMetrics : IDisposable
{
    public const string MeterName = "GatewayPersistence";
    private const string Prefix = "gateway_persistence.request_log.";

    private readonly Meter meter;
    private readonly bool ownsMeter;
    private readonly Counter<long> written;
    private readonly Counter<long> retries;
    private readonly Counter<long> conflictRetries;
    private readonly Counter<long> spilled;
    private readonly Counter<long> replayed;
    private readonly Counter<long> dropped;
    private readonly Counter<long> deadLettered;
    private readonly Counter<long> loopFailures;
    private readonly Histogram<double> flushDuration;
    private readonly Histogram<int> batchSize;
    private readonly Histogram<double> enqueueToDone;
    private long writtenTotal;
    private long retriesTotal;
    private long conflictRetriesTotal;
    private long spilledTotal;
    private long replayedTotal;
    private long droppedTotal;
    private long deadLetteredTotal;
    private long invalidJsonTotal;
    private long journalFailuresTotal;
    private long lastDropTimestamp;
    private long lastDeadLetterTimestamp;
    private long deadLetterFilesPrunedTotal;
    private long loopFailuresTotal;
    private long journalTemporaryRecoveredTotal;
    private long journalTornTotal;
    private long journalCapRefusalsTotal;
    private long journalCorruptTotal;
    private long lastLoopFailureTimestamp;
    private long lastLoopSuccessTimestamp;

    /// <param name="meterFactory">The host's meter factory; without one the metrics own their meter.</param>
    public RequestLogMetrics(IMeterFactory? meterFactory = null)
    {
        ownsMeter = meterFactory is null;
        meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        written = meter.CreateCounter<long>(Prefix + "written", "{row}", "Rows committed to api_requests.");
        retries = meter.CreateCounter<long>(Prefix + "retries", "{retry}", "Batch attempts retried after a transient failure.");
        conflictRetries = meter.CreateCounter<long>(
            Prefix + "conflict_retries", "{retry}", "Of the retries, those after a lock race or a cluster certification conflict (errors 1213, 1205, 3101).");
        spilled = meter.CreateCounter<long>(Prefix + "spilled", "{record}", "Records appended to the spill journal.");
        replayed = meter.CreateCounter<long>(Prefix + "replayed", "{record}", "Journal records replayed and committed.");
        dropped = meter.CreateCounter<long>(Prefix + "dropped", "{record}", "Records lost: queue full without journal, or journal failure.");
        deadLettered = meter.CreateCounter<long>(Prefix + "dead_lettered", "{row}", "Rows refused for a data reason, sent to the dead-letter file.");
        loopFailures = meter.CreateCounter<long>(Prefix + "loop_failures", "{failure}", "Exceptions that escaped a step of the flush loop (the batch was journaled).");
        flushDuration = meter.CreateHistogram<double>(Prefix + "flush_duration", "s", "Time to commit one batch.");
        batchSize = meter.CreateHistogram<int>(Prefix + "batch_size", "{row}", "Rows per committed batch.");
        enqueueToDone = meter.CreateHistogram<double>(
            Prefix + "enqueue_to_commit", "s", "Per record, from Enqueue to the end of its batch's write: its commit (or its journal append when the database did not answer).");
    }

    public long Written => Volatile.Read(ref writtenTotal);

    public long Retries => Volatile.Read(ref retriesTotal);

    /// <summary>Retries after a lock race or certification conflict: on a multi-writer cluster, the price of hot rows.</summary>
    public long ConflictRetries => Volatile.Read(ref conflictRetriesTotal);

    public long Spilled => Volatile.Read(ref spilledTotal);

    public long Replayed => Volatile.Read(ref replayedTotal);

    public long Dropped => Volatile.Read(ref droppedTotal);

    public long DeadLettered => Volatile.Read(ref deadLetteredTotal);

    public long InvalidJsonNulled => Volatile.Read(ref invalidJsonTotal);

    public long JournalFailures => Volatile.Read(ref journalFailuresTotal);

    /// <summary>Whether a record was dropped within the last minute.</summary>
    public bool DroppedRecently
    {
        get
        {
            var last = Volatile.Read(ref lastDropTimestamp);
            return last != 0 && System.Diagnostics.Stopwatch.GetElapsedTime(last) < TimeSpan.FromMinutes(1);
        }
    }

    public long DeadLetterFilesPruned => Volatile.Read(ref deadLetterFilesPrunedTotal);

    public long LoopFailures => Volatile.Read(ref loopFailuresTotal);

    /// <summary>Whether a row was dead-lettered within the last minute.</summary>
    public bool DeadLetteredRecently => Within(Volatile.Read(ref lastDeadLetterTimestamp), TimeSpan.FromMinutes(1));

    /// <summary>Whether the flush loop's last step failed (no step has succeeded since the last failure).</summary>
    public bool LoopFailing
    {
        get
        {
            var failure = Volatile.Read(ref lastLoopFailureTimestamp);
            return failure != 0 && failure >= Volatile.Read(ref lastLoopSuccessTimestamp);
        }
    }

    public void AddLoopFailure()
    {
        Interlocked.Increment(ref loopFailuresTotal);
        Volatile.Write(ref lastLoopFailureTimestamp, System.Diagnostics.Stopwatch.GetTimestamp());
        loopFailures.Add(1);
    }

    /// <summary>A step of the loop completed: the loop is not failing (only written when it was, to keep the hot path cheap).</summary>
    public void AddLoopSuccess()
    {
        if (Volatile.Read(ref lastLoopFailureTimestamp) >= Volatile.Read(ref lastLoopSuccessTimestamp) && Volatile.Read(ref lastLoopFailureTimestamp) != 0)
        {
            Volatile.Write(ref lastLoopSuccessTimestamp, System.Diagnostics.Stopwatch.GetTimestamp() + 1);
        }
    }

    public long JournalTornRecords => Volatile.Read(ref journalTornTotal);

    public long JournalCorruptRecords => Volatile.Read(ref journalCorruptTotal);

    public long JournalCapRefusals => Volatile.Read(ref journalCapRefusalsTotal);

    public void AddJournalCapRefusal() => Interlocked.Increment(ref journalCapRefusalsTotal);

    public void AddJournalTornRecord() => Interlocked.Increment(ref journalTornTotal);

    public void AddJournalCorruptRecord() => Interlocked.Increment(ref journalCorruptTotal);

    public long JournalTemporaryRecovered => Volatile.Read(ref journalTemporaryRecoveredTotal);

    public void AddJournalTemporaryRecovered() => Interlocked.Increment(ref journalTemporaryRecoveredTotal);

    public void AddDeadLetterFilePruned() => Interlocked.Increment(ref deadLetterFilesPrunedTotal);

    private static bool Within(long timestamp, TimeSpan window)
        => timestamp != 0 && System.Diagnostics.Stopwatch.GetElapsedTime(timestamp) < window;

    /// <summary>Registers the queue-depth gauge (the queue is built after the metrics).</summary>
    public void ObserveQueue(Func<int> queueDepth)
        => meter.CreateObservableGauge(Prefix + "queued", queueDepth, "{record}", "Records waiting in memory.");

    /// <summary>Records, per record of a finished batch, the time since its <c>Enqueue</c>.</summary>
    public void RecordEnqueueToDone(List<long> enqueuedAt)
    {
        if (!enqueueToDone.Enabled)
        {
            return;
        }

        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var timestamp in enqueuedAt)
        {
            enqueueToDone.Record((now - timestamp) / (double)System.Diagnostics.Stopwatch.Frequency);
        }
    }

    public void AddWritten(int rows, TimeSpan duration)
    {
        Interlocked.Add(ref writtenTotal, rows);
        written.Add(rows);
        flushDuration.Record(duration.TotalSeconds);
        batchSize.Record(rows);
    }

    public void AddRetry(bool conflict)
    {
        Interlocked.Increment(ref retriesTotal);
        retries.Add(1);
        if (conflict)
        {
            Interlocked.Increment(ref conflictRetriesTotal);
            conflictRetries.Add(1);
        }
    }

    public void AddSpilled(int records)
    {
        Interlocked.Add(ref spilledTotal, records);
        spilled.Add(records);
    }

    public void AddReplayed(int records)
    {
        Interlocked.Add(ref replayedTotal, records);
        replayed.Add(records);
    }

    public void AddDropped(int records)
    {
        Interlocked.Add(ref droppedTotal, records);
        Volatile.Write(ref lastDropTimestamp, System.Diagnostics.Stopwatch.GetTimestamp());
        dropped.Add(records);
    }

    public void AddDeadLettered(int rows)
    {
        Interlocked.Add(ref deadLetteredTotal, rows);
        Volatile.Write(ref lastDeadLetterTimestamp, System.Diagnostics.Stopwatch.GetTimestamp());
        deadLettered.Add(rows);
    }

    public void AddInvalidJson() => Interlocked.Increment(ref invalidJsonTotal);

    public void AddJournalFailure() => Interlocked.Increment(ref journalFailuresTotal);

    public void Dispose()
    {
        if (ownsMeter)
        {
            meter.Dispose();
        }
    }
}
