using GatewayPersistence.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.Retention;

/// <summary>Registers the request-log retention (called by <c>AddGatewayPersistence</c>).</summary>
internal static class RetentionServiceCollectionExtensions
{
    internal static IServiceCollection AddGatewayRetention(this IServiceCollection services)
    {
        services.TryAddSingleton<RetentionFloors>();
        services.TryAddSingleton<RetentionMetrics>();
        services.TryAddSingleton<RequestLogRetention>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayPersistenceOptions>, RetentionOptionsValidator>());
        services.AddHostedService<RequestLogRetentionService>();
        return services;
    }
}
