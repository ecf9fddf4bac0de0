using Microsoft.AspNetCore.RateLimiting;
using System.Threading.RateLimiting;

namespace GatewayHost.Auth;

/// <summary>
/// The <see cref="AdminAuthentication.LoginRateLimitPolicy"/> of <c>POST /admin/login</c>: one partition per client
/// address, each a <see cref="FailedLoginRateLimiter"/> over the shared <see cref="FailedLoginTracker"/>.
/// </summary>
internal sealed class FailedLoginRateLimiterPolicy(FailedLoginTracker tracker) : IRateLimiterPolicy<string>
{
    /// <summary>The rejection is written by the options' global <c>OnRejected</c> (429, Retry-After).</summary>
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var client = ClientKey(httpContext);
        return RateLimitPartition.Get(client, key => new FailedLoginRateLimiter(tracker, key));
    }

    /// <summary>The connection's own remote address (no forwarded header is trusted, so it cannot be spoofed).</summary>
    public static string ClientKey(HttpContext httpContext) => httpContext.Connection.RemoteIpAddress?.ToString() ?? "local";
}
