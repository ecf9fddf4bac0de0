using Microsoft.Extensions.Logging;

namespace GatewayPersistence.Coordination;

/// <summary>Log messages of the cluster-wide lock (event ids 7000–7099).</summary>
internal static partial class CoordinationLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Debug, Message = "Took the lease {Name} as {Holder} for {Duration}")]
    public static partial void LogLeaseTaken(this ILogger logger, string name, string holder, TimeSpan duration);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Waiting for the lease {Name}, held by another instance")]
    public static partial void LogLeaseWaiting(this ILogger logger, string name);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Could not renew the lease {Name}: {Reason}")]
    public static partial void LogLeaseRenewalFailed(this ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "Lost the lease {Name} ({Reason}): the work under it is cancelled, another instance may take it over")]
    public static partial void LogLeaseLost(this ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Could not release the lease {Name} (it expires by itself): {Reason}")]
    public static partial void LogLeaseReleaseFailed(this ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Debug, Message = "Lost the race for the lease {Name} to another node's commit (error {ErrorNumber})")]
    public static partial void LogLeaseRaceLost(this ILogger logger, string name, int errorNumber);
}
