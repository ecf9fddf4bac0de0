using GatewayPersistence.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace GatewayPersistence.Retention;

/// <summary>
/// Runs <see cref="RequestLogRetention"/> on its schedule: shortly after start (at most a minute, or one interval when
/// that is shorter), then every <see cref="RetentionOptions.Interval"/>. Does nothing when both retentions are off.
/// Every gateway instance runs this service; the lock makes one of them do the work at a time.
/// </summary>
internal sealed class RequestLogRetentionService(
    RequestLogRetention retention, IOptions<GatewayPersistenceOptions> options, TimeProvider timeProvider, ILogger<RequestLogRetentionService> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstRunDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!retention.Enabled)
        {
            return;
        }

        var interval = options.Value.RequestLog.Retention.Interval;
        var delay = interval < FirstRunDelay ? interval : FirstRunDelay;
        try
        {
            while (true)
            {
                await Task.Delay(delay, timeProvider, stoppingToken);
                try
                {
                    await retention.RunOnceAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is MySqlException or InvalidOperationException or TimeoutException
                                                      && !stoppingToken.IsCancellationRequested)
                {
                    // The database may be away: what was deleted stays deleted; the next run goes on from the floors.
                    logger.LogRunFailed(exception);
                }

                delay = interval;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }
}
