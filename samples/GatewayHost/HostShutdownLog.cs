namespace GatewayHost;

/// <summary>
/// Logs the host's effective shutdown timeout at start: the request log's shutdown drain keeps within it, and a setting
/// that did not reach <see cref="Microsoft.Extensions.Hosting.HostOptions"/> is easy to miss otherwise. WebApplication
/// reads it from the host configuration key <c>shutdownTimeoutSeconds</c> (environment
/// <c>DOTNET_SHUTDOWNTIMEOUTSECONDS</c> or <c>ASPNETCORE_SHUTDOWNTIMEOUTSECONDS</c>, or <c>--shutdownTimeoutSeconds</c>).
/// </summary>
internal static partial class HostShutdownLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Host shutdown timeout: {Seconds} s")]
    public static partial void LogShutdownTimeout(this ILogger logger, double seconds);
}
