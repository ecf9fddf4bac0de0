namespace GatewayPersistence.RequestLog;

/// <summary>Composes <see cref="RequestLogStateSnapshot"/> from the queue, the writer, the journal and the counters.</summary>
internal sealed class RequestLogState(
    ApiRequestQueue queue, ApiRequestBatchProcessor processor, SpillJournal journal, RequestLogMetrics metrics) : IRequestLogState
{
    public RequestLogStateSnapshot GetSnapshot()
    {
        var segments = journal.SegmentCount;
        return new RequestLogStateSnapshot
        {
            QueueDepth = queue.Depth,
            QueueCapacity = queue.Capacity,
            IsSpilling = processor.IsUnavailable || segments > 0,
            IsDropping = metrics.DroppedRecently,
            JournalFaulted = journal.Faulted,
            UsingInsertFallback = processor.UsesInsertFallback,
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
        };
    }
}
