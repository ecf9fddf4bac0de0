using GatewayPersistence.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Registers the request-log pipeline (called by <c>AddGatewayPersistence</c>, which registers the
/// <see cref="TimeProvider"/>, the data source and the SQL model; <c>AddGatewayRollups</c> registers the rollup writer).
/// </summary>
internal static class RequestLogServiceCollectionExtensions
{
    internal static IServiceCollection AddGatewayRequestLog(this IServiceCollection services)
    {
        // The pipeline's parts take their own section rather than the whole options.
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<GatewayPersistenceOptions>>().Value.RequestLog);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayPersistenceOptions>, RequestLogOptionsValidator>());
        services.TryAddSingleton<RequestLogMetrics>();
        services.TryAddSingleton<ApiRequestQueue>();
        services.TryAddSingleton<RecordBounder>();
        services.TryAddSingleton<SpillJournal>();
        services.TryAddSingleton<DeadLetterFile>();
        services.TryAddSingleton<ServerFactsLoader>();
        services.TryAddSingleton<WritePathProvider>();
        services.TryAddSingleton<DatabaseAvailability>();
        services.TryAddSingleton<StatementWriter>();
        services.TryAddSingleton<ApiRequestBatchProcessor>();
        services.TryAddSingleton<JournalReplayer>();
        // One queue behind both: the interface resolves to the same instance the flush service drains.
        services.TryAddSingleton<IApiRequestLog>(provider => provider.GetRequiredService<ApiRequestQueue>());
        services.TryAddSingleton<IRequestLogState, RequestLogState>();
        services.TryAddSingleton<IRequestLogDeadLetters, DeadLetterRequeue>();
        services.AddHostedService<ApiRequestFlushService>();
        return services;
    }
}
