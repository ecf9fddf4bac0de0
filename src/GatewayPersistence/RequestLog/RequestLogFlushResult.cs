namespace GatewayPersistence.RequestLog;

/// <summary>
/// What the request log did while one <see cref="IApiRequestLog.FlushAsync"/> ran: rows committed, records spilled to
/// the journal, rows dead-lettered (refused for their data: not in the database), records dropped, journal records
/// replayed. The counts are the pipeline's counters' growth over the flush, so they include work for records enqueued
/// concurrently by other callers.
/// </summary>
/// <param name="Written">Rows committed to the database (replayed rows included).</param>
/// <param name="Spilled">Records appended to the spill journal (the database did not take them yet).</param>
/// <param name="DeadLettered">Rows sent to the dead-letter file.</param>
/// <param name="Dropped">Records lost under the overflow policy or because the journal could not take them.</param>
/// <param name="Replayed">Journal records replayed and committed (or found committed already).</param>
public sealed record RequestLogFlushResult(long Written, long Spilled, long DeadLettered, long Dropped, long Replayed)
{
    /// <summary>Whether every record handled during the flush is in the database (nothing spilled, dead-lettered or dropped).</summary>
    public bool AllWritten => Spilled == 0 && DeadLettered == 0 && Dropped == 0;

    internal static RequestLogFlushResult Counters(RequestLogMetrics metrics)
        => new(metrics.Written, metrics.Spilled, metrics.DeadLettered, metrics.Dropped, metrics.Replayed);

    internal static RequestLogFlushResult Since(RequestLogFlushResult before, RequestLogMetrics metrics)
        => new(metrics.Written - before.Written, metrics.Spilled - before.Spilled, metrics.DeadLettered - before.DeadLettered,
            metrics.Dropped - before.Dropped, metrics.Replayed - before.Replayed);
}
