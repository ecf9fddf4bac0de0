namespace GatewayPersistence.RequestLog;

/// <summary>State and counters of the request-log pipeline at one moment.</summary>
public sealed record RequestLogStateSnapshot
{
    /// <summary>Records waiting in memory (queue plus the overflow buffer on its way to the journal).</summary>
    public required int QueueDepth { get; init; }

    /// <summary>Capacity of the queue.</summary>
    public required int QueueCapacity { get; init; }

    /// <summary>Whether batches currently go to the spill journal (database unavailable) or the journal holds unreplayed batches.</summary>
    public required bool IsSpilling { get; init; }

    /// <summary>Whether records were dropped within the last minute.</summary>
    public required bool IsDropping { get; init; }

    /// <summary>Whether the last journal write failed (disk full, read-only directory...): spilled records are then lost.</summary>
    public required bool JournalFaulted { get; init; }

    /// <summary>Whether the server refused <c>LOAD DATA LOCAL</c> and the pipeline writes with INSERT.</summary>
    public required bool UsingInsertFallback { get; init; }

    /// <summary>Batches waiting in the journal.</summary>
    public required int JournalSegments { get; init; }

    /// <summary>Records accepted by <see cref="IApiRequestLog.Enqueue"/>.</summary>
    public required long Accepted { get; init; }

    /// <summary>Rows committed to the database.</summary>
    public required long Written { get; init; }

    /// <summary>Records dropped (queue full without journal, journal failure, shutdown).</summary>
    public required long Dropped { get; init; }

    /// <summary>Records appended to the journal.</summary>
    public required long Spilled { get; init; }

    /// <summary>Records replayed from the journal and committed (or found already committed).</summary>
    public required long Replayed { get; init; }

    /// <summary>Rows written to the dead-letter file.</summary>
    public required long DeadLettered { get; init; }

    /// <summary>Transient failures retried.</summary>
    public required long Retries { get; init; }

    /// <summary>JSON values that were not valid JSON and were stored as NULL.</summary>
    public required long InvalidJsonNulled { get; init; }

    /// <summary>Journal writes that failed (and journal segments that could not be read and were moved aside).</summary>
    public required long JournalFailures { get; init; }

    /// <summary>Whether the flush loop's last step failed (an exception escaped a batch, a replay or the journal).</summary>
    public bool IsFailing { get; init; }

    /// <summary>Exceptions that escaped a step of the flush loop; the loop journaled the batch and went on.</summary>
    public long LoopFailures { get; init; }

    /// <summary>Whether rows were dead-lettered within the last minute.</summary>
    public bool IsDeadLettering { get; init; }

    /// <summary>Dead-letter files deleted by the retention or the size cap.</summary>
    public long DeadLetterFilesPruned { get; init; }

    /// <summary>Journal records cut off at the end of a segment (a crash during an append), detected and left out.</summary>
    public long JournalTornRecords { get; init; }

    /// <summary>Journal records whose checksum did not match or that did not parse, detected and left out.</summary>
    public long JournalCorruptRecords { get; init; }

    /// <summary>Journal <c>.tmp</c> files a crash left behind, recovered as segments at start.</summary>
    public long JournalTemporaryRecovered { get; init; }
}
