using GatewayPersistence.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.Statistics;

/// <summary>Registers the statistics services (called by <c>AddGatewayPersistence</c>).</summary>
internal static class StatisticsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IApiRequestStatistics"/> and the validation of <see cref="StatisticsOptions"/>.
    /// </summary>
    internal static IServiceCollection AddGatewayStatistics(this IServiceCollection services)
    {
        services.TryAddSingleton<IApiRequestStatistics, ApiRequestStatistics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayPersistenceOptions>, StatisticsOptionsValidator>());
        return services;
    }
}
