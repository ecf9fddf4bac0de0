namespace GatewayPersistence.RequestLog;

/// <summary>A caller waiting for everything accepted before <see cref="IApiRequestLog.FlushAsync"/> to be handled.</summary>
internal sealed class FlushRequest(long target, long overflowTarget)
{
    public long Target { get; } = target;

    public long OverflowTarget { get; } = overflowTarget;

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
