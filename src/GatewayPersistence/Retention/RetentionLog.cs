using Microsoft.Extensions.Logging;

namespace GatewayPersistence.Retention;

/// <summary>
/// Log messages of the request-log retention. Event ids 3200–3299 are stable: operators alert on them, so an id is
/// never reused nor renumbered.
/// </summary>
internal static partial class RetentionLog
{
    /// <summary>One line per run that held the lock: what it deleted and cleared, what is left, how long it took.</summary>
    [LoggerMessage(EventId = 3200, Level = LogLevel.Information,
        Message = "Request-log retention: deleted {RowsDeleted} rows below {RowFloor}, cleared the bodies of {BodiesCleared} rows below {BodyFloor}, "
            + "{RowsRemaining} rows past the cutoff left for the next run, {Statements} statements in {DurationMs} ms")]
    internal static partial void LogRunCompleted(
        this ILogger logger, long rowsDeleted, string rowFloor, long bodiesCleared, string bodyFloor, long rowsRemaining, int statements, long durationMs);

    /// <summary>A run found the retention lock held by another instance and did nothing.</summary>
    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Request-log retention skipped: another instance holds the lock")]
    internal static partial void LogRunSkipped(this ILogger logger);

    /// <summary>A run failed; the next one starts at the next interval (what was deleted stays deleted).</summary>
    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Request-log retention run failed; retrying at the next interval")]
    internal static partial void LogRunFailed(this ILogger logger, Exception exception);

    /// <summary>A chunk lost a lock race (deadlock, lock wait timeout) and is run again.</summary>
    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Request-log retention chunk retried (attempt {Attempt}, MySQL error {ErrorNumber})")]
    internal static partial void LogChunkRetried(this ILogger logger, int attempt, int errorNumber);
}
