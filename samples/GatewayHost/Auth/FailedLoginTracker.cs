using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace GatewayHost.Auth;

/// <summary>
/// Failed logins per client within a sliding window (<see cref="AdminLoginOptions.FailedLoginWindow"/>). The login
/// endpoint records each failure; <see cref="FailedLoginRateLimiter"/> refuses a client that has reached the limit.
/// Only failures count, so an admin who signs in often is never locked out. Memory is bounded: clients whose failures
/// have all expired are dropped when many are tracked.
/// </summary>
internal sealed class FailedLoginTracker(IOptions<AdminLoginOptions> options, TimeProvider time)
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> failures = new(StringComparer.Ordinal);

    private TimeSpan Window => options.Value.FailedLoginWindow;

    public void RecordFailure(string client)
    {
        var now = time.GetUtcNow();
        var queue = failures.GetOrAdd(client, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            Expire(queue, now);
            queue.Enqueue(now);
        }

        if (failures.Count > PruneAbove)
        {
            Prune(now);
        }
    }

    /// <summary>Whether <paramref name="client"/> has used up its failed logins; if so, when the oldest one expires.</summary>
    public bool IsBlocked(string client, out TimeSpan retryAfter, out int remaining)
    {
        retryAfter = TimeSpan.Zero;
        var limit = options.Value.FailedLoginLimit;
        if (!failures.TryGetValue(client, out var queue))
        {
            remaining = limit;
            return false;
        }

        var now = time.GetUtcNow();
        lock (queue)
        {
            Expire(queue, now);
            remaining = Math.Max(0, limit - queue.Count);
            if (queue.Count < limit)
            {
                return false;
            }

            retryAfter = queue.Peek() + Window - now;
            return true;
        }
    }

    private void Expire(Queue<DateTimeOffset> queue, DateTimeOffset now)
    {
        while (queue.Count > 0 && now - queue.Peek() >= Window)
        {
            queue.Dequeue();
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (client, queue) in failures)
        {
            lock (queue)
            {
                Expire(queue, now);
                if (queue.Count == 0)
                {
                    failures.TryRemove(new KeyValuePair<string, Queue<DateTimeOffset>>(client, queue));
                }
            }
        }
    }
}
