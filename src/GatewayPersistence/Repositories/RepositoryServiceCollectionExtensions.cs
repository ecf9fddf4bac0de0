using GatewayPersistence.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

// In the DependencyInjection namespace (though the file lives with the repositories) so AddGatewayPersistence calls it
// without another using.
namespace GatewayPersistence.DependencyInjection;

/// <summary>Registers the repositories (called by <c>AddGatewayPersistence</c>).</summary>
internal static class RepositoryServiceCollectionExtensions
{
    /// <summary>
    /// Adds one singleton per repository interface, and <see cref="TimeProvider.System"/> unless the host registered a
    /// <see cref="TimeProvider"/>. Singletons, because a repository holds no state: every call creates its own short-lived
    /// context from the pooled <see cref="IDbContextFactory{TContext}"/>, so one instance serves request scopes, hosted
    /// services and other singletons (such as the health checker) alike, with no captive-dependency trap.
    /// </summary>
    internal static IServiceCollection AddGatewayRepositories(this IServiceCollection services)
    {
        services.TryAddSingleton<IUserRepository, UserRepository>();
        services.TryAddSingleton<IProviderRepository, ProviderRepository>();
        services.TryAddSingleton<IModelRepository, ModelRepository>();
        services.TryAddSingleton<IVirtualKeyRepository, VirtualKeyRepository>();
        services.TryAddSingleton<ISystemConfigRepository, SystemConfigRepository>();
        services.TryAddSingleton<IApiRequestRepository, ApiRequestRepository>();
        services.TryAddSingleton<IRoutingConfigRepository, RoutingConfigRepository>();
        services.TryAddSingleton<IExpertRoutingConfigRepository, ExpertRoutingConfigRepository>();
        services.TryAddSingleton<IExpertRoutingLogRepository, ExpertRoutingLogRepository>();
        services.TryAddSingleton<IHealthTargetRepository, HealthTargetRepository>();
        services.TryAddSingleton<IHealthRunRepository, HealthRunRepository>();
        return services;
    }
}
