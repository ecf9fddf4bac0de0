using GatewayPersistence.Rollups;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GatewayPersistence.DependencyInjection;

/// <summary>Registers the rollups (called by <c>AddGatewayPersistence</c>).</summary>
internal static class RollupServiceCollectionExtensions
{
    /// <summary>Adds both rollup tables, the writer the request log calls in its batch transaction, and the backfill.</summary>
    internal static IServiceCollection AddGatewayRollups(this IServiceCollection services)
    {
        services.TryAddSingleton<HourlyRollupTable>();
        services.TryAddSingleton<KeyHourlyRollupTable>();
        services.TryAddSingleton<IApiRequestRollupWriter, ApiRequestRollupWriter>();
        services.TryAddSingleton<IApiRequestRollupBackfill, ApiRequestRollupBackfill>();
        return services;
    }
}
