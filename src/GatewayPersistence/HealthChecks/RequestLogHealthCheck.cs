using GatewayPersistence.RequestLog;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GatewayPersistence.HealthChecks;

/// <summary>Reports the request-log pipeline's state (see <see cref="RequestLogHealthEvaluator"/>).</summary>
internal sealed class RequestLogHealthCheck(IRequestLogState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = state.GetSnapshot();
        return Task.FromResult(RequestLogHealthEvaluator.Evaluate(new RequestLogHealthSnapshot(
            snapshot.QueueDepth, snapshot.QueueCapacity, snapshot.IsSpilling, snapshot.IsDropping, snapshot.JournalFaulted,
            snapshot.IsFailing, snapshot.IsDeadLettering)));
    }
}
