using GatewayPersistence.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.HealthChecks;

/// <summary>Adds GatewayPersistence's health checks to a host's health-check registrations.</summary>
public static class GatewayPersistenceHealthChecksBuilderExtensions
{
    /// <summary>Name of the database check.</summary>
    public const string DatabaseCheckName = "gateway-database";

    /// <summary>Name of the request-log check.</summary>
    public const string RequestLogCheckName = "gateway-request-log";

    /// <summary>Tag on every GatewayPersistence check.</summary>
    public const string Tag = "gateway-persistence";

    /// <summary>
    /// Adds <c>gateway-database</c> (a <c>SELECT 1</c> within <paramref name="databaseTimeout"/>, 3 s by default) and
    /// <c>gateway-request-log</c> (Healthy; Degraded while spilling to the journal, with the journal faulted or with the
    /// queue over 80% full; Unhealthy while dropping records). Requires <c>AddGatewayPersistence</c>.
    /// </summary>
    /// <param name="builder">The host's health-check builder.</param>
    /// <param name="databaseTimeout">How long the database probe may take.</param>
    /// <param name="databaseFailureStatus">
    /// Status when the database does not answer: Degraded by default, because the gateway keeps serving and the request
    /// log keeps its rows (queue, then journal) until the database returns; a load balancer should not drain every
    /// instance for it.
    /// </param>
    public static IHealthChecksBuilder AddGatewayPersistenceHealthChecks(
        this IHealthChecksBuilder builder, TimeSpan? databaseTimeout = null, HealthStatus databaseFailureStatus = HealthStatus.Degraded)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var timeout = databaseTimeout ?? TimeSpan.FromSeconds(3);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(databaseTimeout));

        builder.Add(new HealthCheckRegistration(
            DatabaseCheckName,
            provider => new GatewayDatabaseHealthCheck(provider.GetRequiredService<GatewayDataSource>(), timeout),
            databaseFailureStatus,
            [Tag],
            timeout + TimeSpan.FromSeconds(1)));

        builder.AddCheck<RequestLogHealthCheck>(RequestLogCheckName, HealthStatus.Unhealthy, [Tag]);
        return builder;
    }
}
