namespace GatewayPersistence.RequestLog;

/// <summary>Composes <see cref="RequestLogStateSnapshot"/> from the queue, the availability circuit, the write path, the journal and the counters.</summary>
internal sealed class RequestLogState(
    ApiRequestQueue queue, DatabaseAvailability availability, WritePathProvider writePaths, SpillJournal journal,
    RequestLogMetrics metrics) : IRequestLogState
{
    public RequestLogStateSnapshot GetSnapshot()
    {
        var segments = journal.SegmentCount;
        return new RequestLogStateSnapshot
        {
            QueueDepth = queue.Depth,
            QueueCapacity = queue.Capacity,
            IsSpilling = availability.IsUnavailable || segments > 0,
            IsDropping = metrics.DroppedRecently,
            JournalFaulted = journal.Faulted,
            UsingInsertFallback = writePaths.Current?.Writers.UsesInsert ?? false,
            JournalSegments = segments,
            Accepted = queue.Accepted,
            Written = metrics.Written,
            Dropped = metrics.Dropped,
            Spilled = metrics.Spilled,
            Replayed = metrics.Replayed,
            DeadLettered = metrics.DeadLettered,
            Retries = metrics.Retries,
            InvalidJsonNulled = metrics.InvalidJsonNulled,
            JournalFailures = metrics.JournalFailures,
            IsFailing = metrics.LoopFailing,
            LoopFailures = metrics.LoopFailures,
            IsDeadLettering = metrics.DeadLetteredRecently,
            DeadLetterFilesPruned = metrics.DeadLetterFilesPruned,
            JournalTemporaryRecovered = metrics.JournalTemporaryRecovered,
            JournalTornRecords = metrics.JournalTornRecords,
            JournalCorruptRecords = metrics.JournalCorruptRecords,
        };
    }
}
