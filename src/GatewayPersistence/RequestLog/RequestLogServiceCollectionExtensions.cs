using System.Diagnostics.Metrics;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Rollups;
using GatewayPersistence.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.RequestLog;

/// <summary>Registers the request-log pipeline (called by <c>AddGatewayPersistence</c>).</summary>
internal static class RequestLogServiceCollectionExtensions
{
    internal static IServiceCollection AddGatewayRequestLog(this IServiceCollection services)
    {
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<GatewayPersistenceOptions>>().Value.RequestLog);
        services.TryAddSingleton(provider => new RequestLogMetrics(provider.GetService<IMeterFactory>()));
        services.TryAddSingleton(provider => new ApiRequestQueue(
            provider.GetRequiredService<RequestLogOptions>(), provider.GetRequiredService<RequestLogMetrics>()));
        services.TryAddSingleton(provider => new SpillJournal(
            provider.GetRequiredService<RequestLogOptions>().JournalDirectory,
            provider.GetRequiredService<RequestLogMetrics>(),
            Logger<SpillJournal>(provider)));
        services.TryAddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<GatewayPersistenceOptions>>().Value;
            var metrics = provider.GetRequiredService<RequestLogMetrics>();
            return new ApiRequestBatchProcessor(
                settings.RequestLog,
                provider.GetRequiredService<GatewayDataSource>(),
                provider.GetRequiredService<SqlModel>(),
                provider.GetRequiredService<IApiRequestRollupWriter>(),
                provider.GetRequiredService<SpillJournal>(),
                new DeadLetterFile(settings.RequestLog.DeadLetterDirectory, metrics, provider.GetRequiredService<TimeProvider>(), Logger<DeadLetterFile>(provider)),
                metrics,
                Logger<ApiRequestBatchProcessor>(provider));
        });
        services.TryAddSingleton<IApiRequestLog>(provider => provider.GetRequiredService<ApiRequestQueue>());
        services.TryAddSingleton<IRequestLogState>(provider => new RequestLogState(
            provider.GetRequiredService<ApiRequestQueue>(), provider.GetRequiredService<ApiRequestBatchProcessor>(),
            provider.GetRequiredService<SpillJournal>(), provider.GetRequiredService<RequestLogMetrics>()));
        services.AddHostedService(provider => new ApiRequestFlushService(
            provider.GetRequiredService<ApiRequestQueue>(), provider.GetRequiredService<ApiRequestBatchProcessor>(),
            provider.GetRequiredService<SpillJournal>(), provider.GetRequiredService<RequestLogOptions>(),
            provider.GetRequiredService<RequestLogMetrics>(), Logger<ApiRequestFlushService>(provider)));
        return services;
    }

    private static ILogger<T> Logger<T>(IServiceProvider provider)
        => provider.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
