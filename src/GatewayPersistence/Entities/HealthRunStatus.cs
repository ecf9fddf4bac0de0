namespace GatewayPersistence.Entities;

/// <summary>Outcome of a health check (ENUM <c>'success','error'</c>).</summary>
public enum HealthRunStatus
{
    /// <summary>The check passed (<c>success</c>).</summary>
    Success,

    /// <summary>The check failed (<c>error</c>).</summary>
    Error,
}
