using Microsoft.Extensions.Logging;

namespace GatewayPersistence.Rollups;

/// <summary>
/// Log messages of the rollups (backfill and repair). Event ids 3000–3099 are stable: operators alert on them, so an
/// id is never reused nor renumbered.
/// </summary>
internal static partial class RollupLog
{
    /// <summary>Logged for every chunk of hours a backfill has rebuilt and committed.</summary>
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "Rebuilt hourly rollup [{ChunkStart}, {ChunkEnd}) from {Rows} rows")]
    internal static partial void LogChunkRebuilt(this ILogger logger, long chunkStart, long chunkEnd, long rows);

    /// <summary>Logged when a backfill chunk lost a lock race (deadlock, lock wait timeout), rolled back and is run again.</summary>
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Rollup backfill chunk at {ChunkStart} retried (attempt {Attempt}, MySQL error {ErrorNumber})")]
    internal static partial void LogChunkRetried(this ILogger logger, long chunkStart, int attempt, int errorNumber);

    /// <summary>Logged when a backfill has finished, with what it rebuilt.</summary>
    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Hourly rollup backfill rebuilt {Hours} hours from {Rows} rows in {Chunks} chunks")]
    internal static partial void LogBackfilled(this ILogger logger, long hours, long rows, int chunks);

    /// <summary>Logged when a verify-and-repair has finished, with the hours it found different and rebuilt.</summary>
    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Rollup verify-and-repair checked {Hours} hours and rebuilt {Repaired} that differed from the raw rows")]
    internal static partial void LogRepaired(this ILogger logger, long hours, int repaired);
}
