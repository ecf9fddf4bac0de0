using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.DependencyInjection;

/// <summary>Registers GatewayPersistence in a host's service collection.</summary>
public static class GatewayPersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Adds GatewayPersistence, bound from the <c>GatewayPersistence</c> section and <c>ConnectionStrings:Gateway</c>.
    /// </summary>
    public static IServiceCollection AddGatewayPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddGatewayPersistence(options =>
        {
            configuration.GetSection(GatewayPersistenceOptions.SectionName).Bind(options);
            options.ConnectionString ??= configuration.GetConnectionString(GatewayPersistenceOptions.ConnectionStringName);
        });
    }

    /// <summary>Adds GatewayPersistence configured in code.</summary>
    public static IServiceCollection AddGatewayPersistence(this IServiceCollection services, Action<GatewayPersistenceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<GatewayPersistenceOptions>().Configure(configure).ValidateOnStart();
        services.AddSingleton<GatewayServerVersionProvider>();
        services.AddPooledDbContextFactory<GatewayDbContext>((provider, builder) =>
        {
            var options = provider.GetRequiredService<IOptions<GatewayPersistenceOptions>>().Value;
            var serverVersion = provider.GetRequiredService<GatewayServerVersionProvider>().ServerVersion;
            GatewayDbContextOptionsFactory.Configure(builder, options.ConnectionString!, serverVersion, options.RetryOnFailure);
        });
        services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<GatewayDbContext>>().CreateDbContext());
        Statistics.StatisticsServiceCollectionExtensions.AddGatewayStatistics(services);
        return services;
    }
}
