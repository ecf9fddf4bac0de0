namespace GatewayPersistence.Retention;

/// <summary>
/// A lock that at most one gateway instance holds at a time, so that cluster-wide maintenance (retention) runs once.
/// Today a MySQL named lock (<see cref="MySqlNamedLock"/>); kept behind this interface so a cluster-safe lock (one that
/// survives a failover of the database, or lives outside it) can replace it without touching its users.
/// </summary>
internal interface IExclusiveLock
{
    /// <summary>
    /// Takes the lock <paramref name="name"/> without waiting; null when another holder has it. Disposing the handle
    /// releases the lock. A holder that dies loses the lock (its session ends).
    /// </summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken);
}
