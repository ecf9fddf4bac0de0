using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;

namespace GatewayHost.Auth;

/// <summary>
/// The sample's admin login, with standard ASP.NET Core authentication: a cookie for the browser (the dashboard page),
/// a bearer token for scripts (<c>POST /admin/login</c> answers one), both checked by one policy,
/// <see cref="PolicyName"/>, that endpoints opt into with <see cref="RequireAdmin{TBuilder}"/>. Only endpoints with a
/// policy authenticate (there is no default scheme), so the chat path's <c>Authorization: Bearer &lt;virtual key&gt;</c>
/// is never parsed as a session token. <c>/metrics</c> uses <see cref="RequireMetricsAccess{TBuilder}"/>.
/// </summary>
internal static class AdminAuthentication
{
    /// <summary>The authorization policy of every admin endpoint: a signed-in user from <c>users</c>.</summary>
    public const string PolicyName = "GatewayAdmin";

    /// <summary>The authorization policy of <c>/metrics</c>: loopback or signed in (<c>GatewayHost:Metrics:RequireLogin</c>).</summary>
    public const string MetricsPolicyName = "GatewayMetrics";

    /// <summary>The rate-limiter policy of <c>POST /admin/login</c> (failed logins per client).</summary>
    public const string LoginRateLimitPolicy = "GatewayAdminFailedLogins";

    /// <summary>The scheme the policies authenticate with: the bearer scheme when the request carries a bearer token, else the cookie.</summary>
    public const string Scheme = "GatewayAdmin";

    /// <summary>The browser session's cookie scheme.</summary>
    public const string CookieScheme = "GatewayAdmin.Cookie";

    /// <summary>The scripts' bearer-token scheme (ASP.NET Core's opaque, Data Protection–protected tokens).</summary>
    public const string BearerScheme = "GatewayAdmin.Bearer";

    /// <summary>The login page and endpoint.</summary>
    public const string LoginPath = "/admin/login";

    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "gateway_admin";

    public static IServiceCollection AddAdminAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminLoginOptions>().Bind(configuration.GetSection(AdminLoginOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MetricsAccessOptions>().Bind(configuration.GetSection(MetricsAccessOptions.SectionName));
        var login = configuration.GetSection(AdminLoginOptions.SectionName).Get<AdminLoginOptions>() ?? new AdminLoginOptions();

        // Sessions and tokens are protected with Data Protection keys held in memory: nothing secret is written to disk,
        // and a restart signs everyone out. A gateway with several instances persists a shared key ring instead
        // (PersistKeysToDbContext / ToFileSystem + ProtectKeysWith...), so a token from one instance works on all.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();

        services.AddAuthentication()
            .AddPolicyScheme(Scheme, "Gateway admin", options => options.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? BearerScheme : CookieScheme)
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict; // no cross-site request carries the session
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure whenever the host serves HTTPS
                options.ExpireTimeSpan = login.SessionLifetime;
                options.SlidingExpiration = true;
                options.LoginPath = LoginPath;
                // A browser navigating to a page is sent to the login page; anything else (fetch, curl, tests) gets 401.
                options.Events.OnRedirectToLogin = context =>
                {
                    if (HttpMethods.IsGet(context.Request.Method) && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
                    {
                        context.Response.Redirect(context.RedirectUri);
                    }
                    else
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    }

                    return Task.CompletedTask;
                };
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddBearerToken(BearerScheme, options => options.BearerTokenExpiration = login.BearerTokenLifetime);

        services.AddAuthorizationBuilder()
            .AddPolicy(PolicyName, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser())
            .AddPolicy(MetricsPolicyName, policy => policy.AddAuthenticationSchemes(Scheme).AddRequirements(new MetricsAccessRequirement()));
        services.AddSingleton<IAuthorizationHandler, MetricsAccessHandler>();

        services.AddSingleton<FailedLoginTracker>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy<string, FailedLoginRateLimiterPolicy>(LoginRateLimitPolicy);
            options.OnRejected = async (context, cancellationToken) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : (int)login.FailedLoginWindow.TotalSeconds;
                context.HttpContext.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.Response.WriteAsJsonAsync(
                    new { error = $"Too many failed logins from this address; retry in {seconds} s." }, cancellationToken);
            };
        });
        return services;
    }

    /// <summary>Authentication, authorization and rate limiting, in that order, after routing.</summary>
    public static WebApplication UseAdminAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Requires a signed-in admin (cookie or bearer token) for the endpoint or route group.</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
        => builder.RequireAuthorization(PolicyName);

    /// <summary>
    /// The <c>/metrics</c> rule: open on loopback and to signed-in admins, or (with <c>GatewayHost:Metrics:RequireLogin</c>)
    /// signed-in admins only.
    /// </summary>
    public static TBuilder RequireMetricsAccess<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
        => builder.RequireAuthorization(MetricsPolicyName);
}
