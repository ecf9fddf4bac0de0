namespace GatewayPersistence.RequestLog;

/// <summary>Live state of the request-log pipeline, for health checks and dashboards.</summary>
public interface IRequestLogState
{
    /// <summary>A consistent-enough copy of the current state and counters.</summary>
    RequestLogStateSnapshot GetSnapshot();
}
