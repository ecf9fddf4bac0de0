using Microsoft.Extensions.Logging;

namespace GatewayPersistence.DependencyInjection;

/// <summary>Log messages of connection routing (event ids 7100–7199).</summary>
internal static partial class ConnectionLog
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Warning, Message = "The read replica does not answer ({Reason}): statistics and listings read the primary, the replica is tried again in {RetryIn}")]
    public static partial void LogReplicaUnavailable(this ILogger logger, TimeSpan retryIn, string reason);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "The read replica answers again: statistics and listings read it")]
    public static partial void LogReplicaBack(this ILogger logger);
}
