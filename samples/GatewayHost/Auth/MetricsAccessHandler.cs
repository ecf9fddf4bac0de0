using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace GatewayHost.Auth;

/// <summary>
/// Grants <see cref="MetricsAccessRequirement"/> to a signed-in admin, and, unless
/// <see cref="MetricsAccessOptions.RequireLogin"/> is set, to a client on the loopback interface. The address is the
/// connection's own (no forwarded header is trusted), so a remote client cannot claim to be local; a connection
/// without an IP address (a Unix socket, an in-process test server) is local.
/// </summary>
internal sealed class MetricsAccessHandler(IOptionsMonitor<MetricsAccessOptions> options) : AuthorizationHandler<MetricsAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MetricsAccessRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            context.Succeed(requirement);
        }
        else if (!options.CurrentValue.RequireLogin && context.Resource is HttpContext http && IsLocal(http.Connection.RemoteIpAddress))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    private static bool IsLocal(IPAddress? address) => address is null || IPAddress.IsLoopback(address);
}
