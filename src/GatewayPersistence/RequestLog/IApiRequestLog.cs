namespace GatewayPersistence.RequestLog;

/// <summary>
/// The request log the gateway writes to on every proxied request. <see cref="Enqueue"/> never blocks and never touches
/// the database; a background service writes the rows in batches.
/// </summary>
public interface IApiRequestLog
{
    /// <summary>
    /// Queues one record. Synchronous and non-blocking: returns <see langword="false"/> when the record was not accepted
    /// (queue full with a dropping overflow policy, or the log is shutting down); the drop is counted. The one wait:
    /// under the Journal policy, a caller that finds the queue and the overflow buffer both full appends the buffer to
    /// the journal itself (one file write) rather than drop the record.
    /// </summary>
    bool Enqueue(ApiRequestRecord record);

    /// <summary>
    /// Completes when every record accepted before the call has been handled: committed to the database, or — when the
    /// database is unavailable — appended to the spill journal; dead-lettered rows count as handled (and are reported as dead-lettered, not written). Also replays the
    /// journal when the database is reachable, so what overflowed to the journal before the call is in the database too. Always completes, also once the log has stopped. The result tells apart
    /// what happened to records while the flush ran: written, spilled to the journal, dead-lettered, dropped.
    /// </summary>
    Task<RequestLogFlushResult> FlushAsync(CancellationToken cancellationToken);
}
