using Microsoft.AspNetCore.Authorization;

namespace GatewayHost.Auth;

/// <summary>The requirement of <see cref="AdminAuthentication.MetricsPolicyName"/>, decided by <see cref="MetricsAccessHandler"/>.</summary>
internal sealed class MetricsAccessRequirement : IAuthorizationRequirement;
