using System.Diagnostics;
using GatewayPersistence.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.Schema;

/// <summary>
/// Applies the migrations (adopting a database created by the TypeScript gateway) when
/// <see cref="GatewayPersistenceOptions.MigrateOnStartup"/> is set. It runs in <see cref="StartingAsync"/>, which the
/// host calls before it starts any hosted service (the web server and the request-log flush service included), so no
/// request and no journal replay meets an old schema. A failure stops the host. When this run created the hourly rollup
/// table, it then backfills the rollup from the rows already in <c>api_requests</c> (an adopted legacy database), because
/// the statistics read whole hours from the rollup and would otherwise report those hours as empty.
/// </summary>
internal sealed class GatewayDatabaseMigrationService(
    IServiceProvider services,
    IOptions<GatewayPersistenceOptions> options,
    ILogger<GatewayDatabaseMigrationService> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStartup)
        {
            return;
        }

        logger.LogMigrating();
        var stopwatch = Stopwatch.StartNew();
        // The migrator also backfills the hourly rollup when this run created it (an adopted legacy database).
        await services.MigrateGatewayDatabaseAsync(cancellationToken).ConfigureAwait(false);
        logger.LogMigrated(stopwatch.ElapsedMilliseconds);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
