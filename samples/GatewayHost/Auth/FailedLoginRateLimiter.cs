using System.Threading.RateLimiting;

namespace GatewayHost.Auth;

/// <summary>
/// The rate limiter of one client's login attempts: it lets an attempt through while the client has failed fewer
/// than the limit within the window, and takes nothing itself (the endpoint records failures in
/// <see cref="FailedLoginTracker"/>, so successful logins never count). State lives in the tracker, so the rate-limiting
/// middleware may drop and recreate this object freely.
/// </summary>
internal sealed class FailedLoginRateLimiter(FailedLoginTracker tracker, string client) : RateLimiter
{
    private long successful;
    private long failed;

    // Always "idle": the middleware may dispose this view whenever it likes; the counts are the tracker's.
    public override TimeSpan? IdleDuration => TimeSpan.MaxValue;

    public override RateLimiterStatistics? GetStatistics()
    {
        tracker.IsBlocked(client, out _, out var remaining);
        return new RateLimiterStatistics
        {
            CurrentAvailablePermits = remaining,
            CurrentQueuedCount = 0,
            TotalSuccessfulLeases = Interlocked.Read(ref successful),
            TotalFailedLeases = Interlocked.Read(ref failed),
        };
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        if (tracker.IsBlocked(client, out var retryAfter, out _))
        {
            Interlocked.Increment(ref failed);
            return new FailedLoginLease(false, retryAfter);
        }

        Interlocked.Increment(ref successful);
        return FailedLoginLease.Acquired;
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        => ValueTask.FromResult(AttemptAcquireCore(permitCount));
}
