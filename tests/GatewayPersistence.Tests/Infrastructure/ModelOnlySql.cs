using Microsoft.EntityFrameworkCore.Infrastructure;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Rollups;
using GatewayPersistence.Sql;

namespace GatewayPersistence.Tests.Infrastructure;

/// <summary>
/// The library's SQL names from a model-only context (no connection is opened), and the rollup parts built on them, for
/// tests that wire internals by hand.
/// </summary>
internal static class ModelOnlySql
{
    public static SqlModel Model { get; } = new(new PooledDbContextFactory<GatewayDbContext>(
        GatewayDbContextOptionsFactory.Create("Server=127.0.0.1;Database=model_only", ServerVersion.Parse("10.11.0-mariadb"))));

    public static ApiRequestRollupWriter RollupWriter { get; } = new(new HourlyRollupTable(Model), new KeyHourlyRollupTable(Model));
}
