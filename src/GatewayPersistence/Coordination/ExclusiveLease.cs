using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GatewayPersistence.Coordination;

/// <summary>
/// A held <see cref="IExclusiveLock"/>: renewed in the background every third of its duration, released on dispose.
/// When a renewal finds the lease gone, or the database has not confirmed a renewal for a whole lease duration (after
/// which another instance may have taken it), <see cref="Lost"/> is cancelled: work under the lease links its
/// cancellation to it, so two instances never go on doing the exclusive work at once.
/// </summary>
internal sealed class ExclusiveLease : IAsyncDisposable
{
    private readonly DatabaseLeaseLock owner;
    private readonly string holder;
    private readonly ILogger logger;
    private readonly CancellationTokenSource lost = new();
    private readonly CancellationTokenSource stopping = new();
    private long confirmedUntil;
    private Task renewal = Task.CompletedTask;
    private int disposed;

    private ExclusiveLease(DatabaseLeaseLock owner, string name, string holder, long sentTimestamp, ILogger logger)
    {
        this.owner = owner;
        this.holder = holder;
        this.logger = logger;
        Name = name;
        confirmedUntil = sentTimestamp + ToTimestampTicks(owner.Duration);
    }

    /// <summary>The lock's name.</summary>
    public string Name { get; }

    /// <summary>Cancelled when the lease is lost (see the type's remarks); never cancelled by a normal dispose.</summary>
    public CancellationToken Lost => lost.Token;

    /// <summary>Whether the lease was lost.</summary>
    public bool IsLost => lost.IsCancellationRequested;

    internal static ExclusiveLease Start(DatabaseLeaseLock owner, string name, string holder, long sentTimestamp, ILogger logger)
    {
        var lease = new ExclusiveLease(owner, name, holder, sentTimestamp, logger);
        lease.renewal = Task.Run(lease.RenewAsync);
        return lease;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await stopping.CancelAsync();
        await renewal;
        if (!lost.IsCancellationRequested)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await owner.ReleaseAsync(Name, holder, timeout.Token);
            }
            catch (Exception exception) when (exception is DbException or OperationCanceledException or InvalidOperationException)
            {
                logger.LogLeaseReleaseFailed(Name, exception.Message);
            }
        }

        lost.Dispose();
        stopping.Dispose();
    }

    private async Task RenewAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(owner.RenewInterval, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
                attempt.CancelAfter(owner.RenewInterval);
                if (await owner.RenewAsync(Name, holder, attempt.Token))
                {
                    confirmedUntil = sent + ToTimestampTicks(owner.Duration);
                    continue;
                }

                await LoseAsync("another holder has it");
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is DbException or OperationCanceledException or InvalidOperationException)
            {
                logger.LogLeaseRenewalFailed(Name, exception.Message);
            }

            if (Stopwatch.GetTimestamp() >= confirmedUntil)
            {
                await LoseAsync("no renewal confirmed within the lease duration");
                return;
            }
        }
    }

    private async Task LoseAsync(string reason)
    {
        logger.LogLeaseLost(Name, reason);
        await lost.CancelAsync();
    }

    private static long ToTimestampTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
