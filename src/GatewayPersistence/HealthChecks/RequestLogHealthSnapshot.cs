namespace GatewayPersistence.HealthChecks;

/// <summary>What the request-log health check reads from the pipeline at one moment.</summary>
/// <param name="QueueDepth">Records waiting in the in-memory queue.</param>
/// <param name="QueueCapacity">Capacity of the queue.</param>
/// <param name="IsSpilling">Whether batches currently go to the on-disk journal (database down).</param>
/// <param name="IsDropping">Whether records are currently being dropped (queue full and journal unusable).</param>
/// <param name="JournalFaulted">Whether the spill journal cannot be written.</param>
/// <param name="IsFailing">Whether the flush loop's last step failed.</param>
/// <param name="IsDeadLettering">Whether rows were dead-lettered within the last minute.</param>
internal readonly record struct RequestLogHealthSnapshot(
    long QueueDepth, long QueueCapacity, bool IsSpilling, bool IsDropping, bool JournalFaulted, bool IsFailing = false,
    bool IsDeadLettering = false);
