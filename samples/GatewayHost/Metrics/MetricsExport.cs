using OpenTelemetry.Metrics;

namespace GatewayHost.Metrics;

/// <summary>
/// OpenTelemetry metrics of the sample: the library's <c>GatewayPersistence</c> meter (request-log queue depth, rows
/// written, retries, spills, replays, drops, dead letters, flush duration, batch size) exported in the Prometheus text
/// format at <c>GET /metrics</c>. Names become Prometheus names: dots to underscores, counters end in <c>_total</c>,
/// the histogram's unit <c>s</c> becomes <c>_seconds</c>.
/// </summary>
internal static class MetricsExport
{
    /// <summary>The library's meter (its request-log instruments are named <c>gateway_persistence.request_log.*</c>).</summary>
    public const string GatewayPersistenceMeter = "GatewayPersistence";

    /// <summary>The scrape path.</summary>
    public const string Path = "/metrics";

    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(GatewayPersistenceMeter)
            // Every scrape reads the instruments anew: a scrape right after a flush shows that flush.
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    /// <summary>Maps <c>GET /metrics</c>; the returned builder takes an authorization policy.</summary>
    public static IEndpointConventionBuilder MapGatewayMetrics(this IEndpointRouteBuilder endpoints)
        => endpoints.MapPrometheusScrapingEndpoint(Path);
}
