using GatewayPersistence.Coordination;
using GatewayPersistence.Statistics;
using GatewayPersistence.RequestLog;
using GatewayPersistence.Retention;
using GatewayPersistence.Schema;
using GatewayPersistence.Sql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.DependencyInjection;

/// <summary>Registers GatewayPersistence in a host's service collection.</summary>
public static class GatewayPersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Adds GatewayPersistence, bound from the <c>GatewayPersistence</c> section and <c>ConnectionStrings:Gateway</c>;
    /// without either connection string, from the TypeScript gateway's <c>MYSQL_*</c> variables (read from
    /// <paramref name="configuration"/>, then the process environment).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration (root).</param>
    public static IServiceCollection AddGatewayPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddGatewayPersistence(options =>
        {
            configuration.GetSection(GatewayPersistenceOptions.SectionName).Bind(options);
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                options.ConnectionString = configuration.GetConnectionString(GatewayPersistenceOptions.ConnectionStringName);
            }

            if (string.IsNullOrWhiteSpace(options.ReadConnectionString))
            {
                options.ReadConnectionString = configuration.GetConnectionString(GatewayPersistenceOptions.ReadConnectionStringName);
            }

            LegacyConnectionString.ApplyTo(options, name => configuration[name] ?? Environment.GetEnvironmentVariable(name));
        });
    }

    /// <summary>
    /// Adds GatewayPersistence configured in code. Without a connection string, the TypeScript gateway's
    /// <c>MYSQL_*</c> environment variables are used. The options are validated when the host starts.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options.</param>
    public static IServiceCollection AddGatewayPersistence(this IServiceCollection services, Action<GatewayPersistenceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<GatewayPersistenceOptions>()
            .Configure(configure)
            .PostConfigure(options => LegacyConnectionString.ApplyTo(options, Environment.GetEnvironmentVariable))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayPersistenceOptions>, GatewayPersistenceOptionsValidator>());

        // Runs in IHostedLifecycleService.StartingAsync, i.e. before every hosted service (web server, flush service)
        // starts; it does nothing unless MigrateOnStartup is set.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, GatewayDatabaseMigrationService>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GatewayDataSource>();
        services.TryAddSingleton<GatewayServerVersionProvider>();
        services.AddPooledDbContextFactory<GatewayDbContext>((provider, builder) =>
        {
            var options = provider.GetRequiredService<IOptions<GatewayPersistenceOptions>>().Value;
            var serverVersion = provider.GetRequiredService<GatewayServerVersionProvider>().ServerVersion;
            GatewayDbContextOptionsFactory.Configure(
                builder, provider.GetRequiredService<GatewayDataSource>().DataSource, serverVersion, options.RetryOnFailure);
        });
        // The options above need the server version, hence the server: they are built on the first context, not when a
        // singleton holding the factory is constructed (a server down at start must not stop the host).
        services.Replace(ServiceDescriptor.Singleton<IDbContextFactory<GatewayDbContext>, DeferredGatewayContextFactory>());
        services.TryAddSingleton<SqlModel>();
        services.TryAddSingleton<GatewayReadContextFactory>();
        // The one cluster-wide lock of migration, backfill and retention.
        services.TryAddSingleton<IExclusiveLock, DatabaseLeaseLock>();
        // The feature areas register right after the scoped context, one line each: AddGatewayRepositories(),
        // AddGatewayRollups(), AddGatewayRequestLog() (pipeline and its hosted service), AddGatewayStatistics(),
        // AddGatewaySecurity() (password service, provider-key protector).
        // AddGatewayRetention() (row and body retention and its hosted service).
        services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<GatewayDbContext>>().CreateDbContext());
        services.AddGatewayRepositories();
        services.AddGatewayRollups();
        services.AddGatewayRequestLog();
        services.AddGatewayStatistics();
        services.AddGatewaySecurity();
        services.AddGatewayRetention();
        return services;
    }
}
