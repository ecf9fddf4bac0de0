using Microsoft.Extensions.Logging;

namespace GatewayPersistence.Repositories;

/// <summary>
/// Log messages of the repositories. Event ids 1100–1199 are stable: operators alert on them, so an id is never reused
/// nor renumbered.
/// </summary>
internal static partial class RepositoryLog
{
    /// <summary>
    /// Logged when <see cref="IApiRequestRepository.CleanOldRecordsAsync"/> has cleared the bodies of old request-log
    /// rows, with the rows cleared and the statements it took.
    /// </summary>
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Cleared the bodies of {Rows} api requests older than {Days} days in {Statements} statements")]
    internal static partial void LogApiRequestBodiesCleared(this ILogger logger, int rows, int days, int statements);

    /// <summary>
    /// Logged when <see cref="IHealthRunRepository.CleanOldRecordsAsync"/> has deleted old health runs, with the rows
    /// deleted and the statements it took.
    /// </summary>
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Deleted {Rows} health runs older than {Days} days in {Statements} statements")]
    internal static partial void LogHealthRunsCleaned(this ILogger logger, int rows, int days, int statements);
}
