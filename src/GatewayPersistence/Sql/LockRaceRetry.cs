using MySqlConnector;
using Polly;
using Polly.Retry;

namespace GatewayPersistence.Sql;

/// <summary>
/// The retry of a statement or transaction that lost a lock race (deadlock 1213, lock wait timeout 1205): the server
/// rolled it back whole, so running it again is safe. Shared by the rollup backfill and retention, whose chunks meet
/// the request log's batches on the same rows.
/// </summary>
internal static class LockRaceRetry
{
    /// <summary>
    /// Whether the server rolled the work back for a lock race: a deadlock (on Galera also a certification conflict with
    /// another node's commit, reported the same way), a lock wait timeout, or MySQL Group Replication's certification
    /// failure at commit (3101, from its documentation only: no Group Replication here).
    /// </summary>
    public static bool IsLockRace(MySqlException exception)
        => exception?.ErrorCode is MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout
            || exception?.Number == GroupReplicationCommitRollback;

    private const int GroupReplicationCommitRollback = 3101;

    /// <summary>A pipeline of five exponential, jittered retries from <paramref name="firstDelay"/>.</summary>
    /// <param name="firstDelay">The first retry's delay.</param>
    /// <param name="onRetry">Called before each retry with its attempt number (1-based), the MySQL error number and the context.</param>
    public static ResiliencePipeline Create(TimeSpan firstDelay, Action<int, int, ResilienceContext> onRetry)
    {
        ArgumentNullException.ThrowIfNull(onRetry);
        return new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<MySqlException>(IsLockRace),
            MaxRetryAttempts = 5,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = firstDelay,
            OnRetry = arguments =>
            {
                onRetry(arguments.AttemptNumber + 1, (arguments.Outcome.Exception as MySqlException)?.Number ?? 0, arguments.Context);
                return default;
            },
        }).Build();
    }
}
