using Microsoft.Extensions.Logging;

namespace GatewayPersistence.Schema;

/// <summary>
/// Log messages about how the host was put together (packages it lacks at start-up). Event ids 6000–6099 are stable:
/// operators alert on them, so an id is never reused nor renumbered.
/// </summary>
internal static partial class PackagingLog
{
    /// <summary>Logged when a migration cannot start because the migrations assembly is not in the host.</summary>
    [LoggerMessage(EventId = 6000, Level = LogLevel.Critical, Message = "The migrations assembly {AssemblyName} is not part of this host: add the GatewayPersistence.Migrations package")]
    internal static partial void LogMigrationsAssemblyMissing(this ILogger logger, string assemblyName);
}
