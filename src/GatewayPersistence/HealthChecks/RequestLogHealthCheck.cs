// TODO(integration): this check reads the request-log pipeline's public state interface, which is being built on
// another branch (contract: GatewayPersistence.RequestLog.IRequestLogState with QueueDepth, QueueCapacity, IsSpilling,
// IsDropping, JournalFaulted). It stays out of the build until that lands: then delete the #if/#endif lines, adjust the
// member names to the merged interface, and un-comment its registration in GatewayPersistenceHealthChecksBuilderExtensions.
#if GATEWAY_REQUEST_LOG_STATE
using GatewayPersistence.RequestLog;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GatewayPersistence.HealthChecks;

/// <summary>Reports the request-log pipeline's state (see <see cref="RequestLogHealthEvaluator"/>).</summary>
internal sealed class RequestLogHealthCheck(IRequestLogState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(RequestLogHealthEvaluator.Evaluate(new RequestLogHealthSnapshot(
            state.QueueDepth, state.QueueCapacity, state.IsSpilling, state.IsDropping, state.JournalFaulted)));
}
#endif
