namespace GatewayPersistence.Coordination;

/// <summary>
/// A lock that at most one gateway instance holds at a time, cluster-wide, so that maintenance (migration and adoption,
/// rollup backfill, retention) runs once however many instances start together and whichever database node each one
/// is connected to.
/// </summary>
internal interface IExclusiveLock
{
    /// <summary>
    /// Takes the lock <paramref name="name"/> without waiting; null when another holder has it. Disposing the lease
    /// releases the lock; a holder that dies (or can no longer renew) loses it when its lease expires.
    /// </summary>
    Task<ExclusiveLease?> TryAcquireAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the lock <paramref name="name"/>, waiting up to <paramref name="timeout"/> for the current holder to release
    /// it or for its lease to expire (<see cref="Timeout.InfiniteTimeSpan"/>: until cancelled); null when the wait timed out.
    /// </summary>
    Task<ExclusiveLease?> AcquireAsync(string name, TimeSpan timeout, CancellationToken cancellationToken);
}
