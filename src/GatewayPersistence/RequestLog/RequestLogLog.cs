using Microsoft.Extensions.Logging;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Log messages of the request-log area (the write path, the availability breaker, the journal, the dead-letter file,
/// the flush service). Event ids 2000–2099 are stable: operators alert on them, so an id is never reused nor
/// renumbered.
/// </summary>
internal static partial class RequestLogLog
{
    /// <summary>Logged once, when the server's facts have been read and the write path is built.</summary>
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Request log ready: max_allowed_packet {MaxAllowedPacket}, batch byte cap {BatchByteCap}, total_tokens written by the pipeline: {WritesTotalTokens}.")]
    internal static partial void LogReady(this ILogger logger, long maxAllowedPacket, int batchByteCap, bool writesTotalTokens);

    /// <summary>Logged with <see cref="LogReady"/> when the server's <c>max_allowed_packet</c> forces a body limit below the configured one.</summary>
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Body limit {Configured} bytes lowered to {Effective} so that a row fits in one statement (max_allowed_packet {MaxAllowedPacket}).")]
    internal static partial void LogBodyLimitLowered(this ILogger logger, int configured, int effective, long maxAllowedPacket);

    /// <summary>Logged once, by the batch that finds the server refusing <c>LOAD DATA LOCAL</c> and switches to INSERT.</summary>
    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "The server refused LOAD DATA LOCAL ({Reason}); the request log now writes with multi-row INSERT.")]
    internal static partial void LogInsertFallback(this ILogger logger, string reason);

    /// <summary>Logged before each retry of a statement after a transient failure.</summary>
    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Request-log batch attempt {Attempt} after {Delay}: {Reason}")]
    internal static partial void LogRetrying(this ILogger logger, int attempt, TimeSpan delay, string reason);

    /// <summary>
    /// Logged when a statement fails past its retry budget (or as a probe), and when the server's facts cannot be read
    /// (count 0): the rows not written go to the journal.
    /// </summary>
    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Database unavailable for the request log ({Reason}); {Count} rows go to the journal.")]
    internal static partial void LogUnavailable(this ILogger logger, int count, string reason);

    /// <summary>Logged when the availability circuit closes: a probe found the database answering again.</summary>
    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Database available again for the request log.")]
    internal static partial void LogAvailable(this ILogger logger);

    /// <summary>Logged for each journal segment whose records are committed, just after the segment is deleted.</summary>
    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Replayed {Count} request-log records from journal segment {Segment}.")]
    internal static partial void LogReplayed(this ILogger logger, int count, string segment);

    /// <summary>Logged when records that could not be written could not be journaled either.</summary>
    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "{Count} request-log records could not be written nor journaled and are lost.")]
    internal static partial void LogLost(this ILogger logger, int count);

    /// <summary>Logged by the flush service when the drop counter has grown since it last looked.</summary>
    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "The request log dropped {Count} records ({Total} in all): queue full without journal, journal failure or shutdown.")]
    internal static partial void LogDropped(this ILogger logger, long count, long total);

    /// <summary>Logged when a batch could not be made durable in the journal (disk full, read-only directory...).</summary>
    [LoggerMessage(EventId = 2009, Level = LogLevel.Error, Message = "Could not append {Count} request-log records to the journal in {Directory}; they are lost.")]
    internal static partial void LogJournalAppendFailed(this ILogger logger, int count, string directory, Exception exception);

    /// <summary>Logged for each line of a journal segment that does not parse; the line is skipped.</summary>
    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Skipped an unreadable record of journal segment {Segment} ({Problem}); it is counted.")]
    internal static partial void LogJournalLineUnreadable(this ILogger logger, string segment, string problem);

    /// <summary>Logged when a replayed journal segment cannot be deleted.</summary>
    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Could not delete replayed journal segment {Segment}; it will be replayed again (harmless).")]
    internal static partial void LogJournalDeleteFailed(this ILogger logger, string segment, Exception exception);

    /// <summary>Logged for each row sent to the dead-letter file (refused for its data, or never writable).</summary>
    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Request {Id} was refused by the database (error {ErrorNumber}) and dead-lettered: {Reason}")]
    internal static partial void LogDeadLettered(this ILogger logger, string id, int errorNumber, string reason);

    /// <summary>Logged when dead-lettered rows could not be appended to the dead-letter file.</summary>
    [LoggerMessage(EventId = 2013, Level = LogLevel.Error, Message = "Could not write {Count} dead-lettered rows to {Directory}.")]
    internal static partial void LogDeadLetterWriteFailed(this ILogger logger, int count, string directory, Exception exception);

    /// <summary>Logged for each JSON column value that is not valid JSON while a row is prepared; it is stored as NULL.</summary>
    [LoggerMessage(EventId = 2014, Level = LogLevel.Warning, Message = "Request {Id}: {Column} is not valid JSON; stored as NULL.")]
    internal static partial void LogInvalidJson(this ILogger logger, string id, string column);

    /// <summary>Logged when every row of a statement failed alone with a data error: no evidence against a row, so journaled.</summary>
    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning, Message = "All {Count} rows of a statement were refused one by one (error {ErrorNumber}): no row was written around them, so this is taken for a server or schema state and they go to the journal, not the dead-letter file.")]
    internal static partial void LogEveryRowRefused(this ILogger logger, int count, int errorNumber);

    /// <summary>Logged for each dead-letter file deleted by the retention or the size cap.</summary>
    [LoggerMessage(EventId = 2016, Level = LogLevel.Warning, Message = "Deleted dead-letter file {File} ({Bytes} bytes): {Why}.")]
    internal static partial void LogDeadLetterPruned(this ILogger logger, string file, long bytes, string why);

    /// <summary>Logged when an exception escaped a step of the flush loop; the loop journals the batch, backs off and goes on.</summary>
    [LoggerMessage(EventId = 2017, Level = LogLevel.Error, Message = "The request-log flush loop failed ({Step}); {Count} records journaled, retrying in {Delay}.")]
    internal static partial void LogLoopFailed(this ILogger logger, string step, int count, TimeSpan delay, Exception exception);

    /// <summary>Logged when a journal segment cannot be read at all; it is moved aside so later segments are replayed.</summary>
    [LoggerMessage(EventId = 2018, Level = LogLevel.Error, Message = "Journal segment {Segment} cannot be read; moved aside as {Quarantined} so the rest of the journal replays.")]
    internal static partial void LogSegmentQuarantined(this ILogger logger, string segment, string quarantined, Exception exception);

    /// <summary>Logged when a journal segment is kept because the database did not take it, while later segments go on.</summary>
    [LoggerMessage(EventId = 2019, Level = LogLevel.Warning, Message = "Journal segment {Segment} was not taken by the database; it stays for the next replay.")]
    internal static partial void LogSegmentKept(this ILogger logger, string segment);

    /// <summary>Logged when a dead-letter file has been re-ingested.</summary>
    [LoggerMessage(EventId = 2020, Level = LogLevel.Information, Message = "Requeued dead-letter file {File}: {Read} entries read, {Written} written or already stored, {Refused} refused again, {Unreadable} unreadable.")]
    internal static partial void LogRequeued(this ILogger logger, string file, int read, int written, int refused, int unreadable);

    /// <summary>Logged when a batch finds the journal at its size cap: it is not journaled and counted as dropped.</summary>
    [LoggerMessage(EventId = 2021, Level = LogLevel.Error, Message = "The request-log journal is at its cap of {MaxBytes} bytes; {Count} records are not journaled and are counted as dropped.")]
    internal static partial void LogJournalFull(this ILogger logger, int count, long maxBytes);

    /// <summary>Logged when records go to the journal or the dead-letter file whole because the model cannot be read yet.</summary>
    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning, Message = "Request-log records are journaled whole (not cut to the column limits) until the model can be read: {Reason}")]
    internal static partial void LogRecordsKeptWhole(this ILogger logger, string reason);

    /// <summary>
    /// Logged at the shutdown deadline for a batch whose write was cancelled but has not returned (the server went on with
    /// its statement): its records are journaled and the write is left behind.
    /// </summary>
    [LoggerMessage(EventId = 2030, Level = LogLevel.Warning, Message = "Shutdown deadline: a write of {Count} request-log records did not stop when cancelled; they are journaled and the write is left behind (a replay adds nothing twice).")]
    internal static partial void LogWriteLeftBehind(this ILogger logger, int count);
}
