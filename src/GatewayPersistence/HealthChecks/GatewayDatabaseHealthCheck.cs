using GatewayPersistence.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;

namespace GatewayPersistence.HealthChecks;

/// <summary>
/// Whether the gateway database answers a <c>SELECT 1</c> within a short timeout. It takes a plain connection from the
/// library's data source rather than a context, so that EF's retrying execution strategy cannot stretch the probe.
/// </summary>
internal sealed class GatewayDatabaseHealthCheck(GatewayDataSource dataSource, TimeSpan timeout) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var timeoutSeconds = (uint)Math.Max(1, Math.Ceiling(timeout.TotalSeconds));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            // The deadline bounds the open too (the pool's connect timeout may be longer).
            await using var connection = await dataSource.OpenConnectionAsync(deadline.Token).ConfigureAwait(false);
            await using var command = new MySqlCommand("SELECT 1", connection) { CommandTimeout = (int)timeoutSeconds };
            await command.ExecuteScalarAsync(deadline.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy("The gateway database answers.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"The gateway database did not answer within {timeout.TotalSeconds:0.#} s.");
        }
        catch (MySqlException exception)
        {
            // MySqlConnector's messages name the host and user, never the password.
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"The gateway database is unreachable: {exception.Message}", exception);
        }
    }
}
