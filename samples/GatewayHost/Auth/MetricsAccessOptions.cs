namespace GatewayHost.Auth;

/// <summary>Who may read <c>/metrics</c> (section <c>GatewayHost:Metrics</c>).</summary>
internal sealed class MetricsAccessOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "GatewayHost:Metrics";

    /// <summary>
    /// False (the default): open to clients on the loopback interface (a local scraper or sidecar), and to signed-in
    /// admins from anywhere. True: signed-in admins only, like <c>/admin/*</c>.
    /// </summary>
    public bool RequireLogin { get; set; }
}
