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
    /// <summary>A pipeline of five exponential, jittered retries from <paramref name="firstDelay"/>.</summary>
    /// <param name="firstDelay">The first retry's delay.</param>
    /// <param name="onRetry">Called before each retry with its attempt number (1-based), the MySQL error number and the context.</param>
    public static ResiliencePipeline Create(TimeSpan firstDelay, Action<int, int, ResilienceContext> onRetry)
    {
        ArgumentNullException.ThrowIfNull(onRetry);
        return new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<MySqlException>(
                exception => exception.ErrorCode is MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout),
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
