using Microsoft.Extensions.Logging;

namespace GatewayPersistence.Schema;

/// <summary>
/// Log messages of the schema area (migrating on startup, adopting a legacy database, applying migrations, backfilling
/// the rollups). Event ids 1000–1099 are stable: operators alert on them, so an id is never reused nor renumbered.
/// </summary>
internal static partial class SchemaLog
{
    /// <summary>Logged when the host starts with <c>MigrateOnStartup</c> set, before the migration runs.</summary>
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Migrating the gateway database before the host starts")]
    internal static partial void LogMigrating(this ILogger logger);

    /// <summary>Logged when the migration on startup has finished, with how long it took.</summary>
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Gateway database is up to date ({ElapsedMs} ms)")]
    internal static partial void LogMigrated(this ILogger logger, long elapsedMs);

    /// <summary>Logged when a database created by the TypeScript gateway has been adopted, before its changes are listed.</summary>
    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Adopted database '{Database}' created by the TypeScript gateway (legacy schema version {LegacyVersion}); {ChangeCount} additive change(s)")]
    internal static partial void LogAdopted(this ILogger logger, string database, int? legacyVersion, int changeCount);

    /// <summary>Logged once for each additive change the adoption of a legacy database made.</summary>
    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Adoption: {Change}")]
    internal static partial void LogAdoptionChange(this ILogger logger, string change);

    /// <summary>Logged when there are pending migrations, just before they are applied.</summary>
    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Applying {Count} migration(s): {Migrations}")]
    internal static partial void LogApplying(this ILogger logger, int count, IReadOnlyList<string> migrations);

    /// <summary>Logged when a migration run created a rollup table and has backfilled the rollups from the rows already there.</summary>
    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Built the hourly rollup from {Rows} existing request row(s) in {Hours} hour(s)")]
    internal static partial void LogBackfilled(this ILogger logger, long rows, long hours);
}
