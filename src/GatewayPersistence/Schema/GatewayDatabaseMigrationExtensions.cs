using GatewayPersistence.Coordination;
using GatewayPersistence.Rollups;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GatewayPersistence.Schema;

/// <summary>Runs the adoption-aware migration from a host's services.</summary>
public static class GatewayDatabaseMigrationExtensions
{
    /// <summary>
    /// Adopts a database created by the TypeScript gateway when there is one, then applies every pending migration,
    /// under a MySQL named lock so that instances starting together migrate once. Requires <c>AddGatewayPersistence</c>
    /// and, in the host, the <c>GatewayPersistence.Migrations</c> package (without it a <see cref="GatewaySchemaException"/>
    /// names the package to add).
    /// </summary>
    public static Task<DatabaseMigrationResult> MigrateGatewayDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var migrator = new GatewayDatabaseMigrator(
            services.GetRequiredService<IDbContextFactory<GatewayDbContext>>(),
            services.GetRequiredService<IApiRequestRollupBackfill>(),
            services.GetRequiredService<IExclusiveLock>(),
            services.GetService<ILogger<GatewayDatabaseMigrator>>() ?? NullLogger<GatewayDatabaseMigrator>.Instance);
        return migrator.MigrateAsync(cancellationToken);
    }
}
