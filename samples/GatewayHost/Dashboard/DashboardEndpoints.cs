namespace GatewayHost.Dashboard;

/// <summary>
/// <c>GET /admin/</c>: one self-contained HTML page (no external script, style or font; its content security policy
/// allows none) that reads the admin API and shows the last 24 hours' statistics, an hourly trend per key over the
/// last day, a daily trend per key over 30 days, and the latest requests. Unauthenticated like the rest of
/// <c>/admin</c>; the returned builder takes an authorization policy.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>The page's path.</summary>
    public const string Path = "/admin/";

    private const string ResourceName = "GatewayHost.Dashboard.dashboard.html";

    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

    public static IEndpointConventionBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        var page = LoadPage();
        return endpoints.MapGet(Path, (HttpContext http) =>
        {
            http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            http.Response.Headers.CacheControl = "no-store";
            return Results.Text(page, "text/html; charset=utf-8");
        });
    }

    private static string LoadPage()
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The dashboard page ({ResourceName}) is not embedded in the sample host.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
