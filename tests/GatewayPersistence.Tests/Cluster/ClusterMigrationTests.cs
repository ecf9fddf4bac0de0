using GatewayPersistence.Coordination;
using GatewayPersistence.Schema;
using GatewayPersistence.Tests.Schema;

namespace GatewayPersistence.Tests.Cluster;

/// <summary>Instances on different Galera nodes starting together: one migrates (or adopts), the others wait and find nothing to do.</summary>
[NonParallelizable]
[Category("Cluster")]
public class ClusterMigrationTests
{
    [Test]
    public async Task Three_instances_on_three_nodes_migrate_an_empty_database_once_with_one_history_everywhere()
    {
        var cluster = await GaleraClusterFixture.GetAsync();
        await using var database = await cluster.CreateDatabaseAsync();

        var results = await MigrateOnEveryNodeAsync(cluster, database);

        var migrations = database.CreateContext(cluster.NodeConnectionString(1)).Database.GetMigrations().Count();
        Assert.That(results.Count(r => r.AppliedMigrations.Count == migrations), Is.EqualTo(1), "one instance migrated");
        Assert.That(results.Count(r => r.AppliedMigrations.Count == 0), Is.EqualTo(2), "the others found nothing to do");
        await AssertSameSchemaAndHistoryOnEveryNodeAsync(cluster, database, migrations);
    }

    [Test]
    public async Task Three_instances_on_three_nodes_adopt_a_legacy_database_once()
    {
        var cluster = await GaleraClusterFixture.GetAsync();
        await using var database = await cluster.CreateDatabaseAsync();
        var folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "Schema", "Legacy");
        await database.ExecuteAsync(cluster.NodeConnectionString(2), await File.ReadAllTextAsync(Path.Combine(folder, "legacy-newer.sql")));
        await database.ExecuteAsync(cluster.NodeConnectionString(2), await File.ReadAllTextAsync(Path.Combine(folder, "legacy-rows.sql")));
        var legacyRows = await database.ScalarAsync<long>(cluster.NodeConnectionString(3), "SELECT COUNT(*) FROM api_requests");

        var results = await MigrateOnEveryNodeAsync(cluster, database);

        Assert.That(results.Count(r => r.AdoptedLegacyDatabase), Is.EqualTo(1), "one instance adopted");
        Assert.That(results.Count(r => r.AppliedMigrations.Count == 0 && !r.AdoptedLegacyDatabase), Is.EqualTo(2));
        var migrations = database.CreateContext(cluster.NodeConnectionString(1)).Database.GetMigrations().Count();
        await AssertSameSchemaAndHistoryOnEveryNodeAsync(cluster, database, migrations);
        Assert.That(await database.ScalarAsync<long>(cluster.NodeConnectionString(1), "SELECT SUM(request_count) FROM api_request_hourly_rollups"),
            Is.EqualTo(legacyRows), "the backfill ran once: the legacy rows are counted once");
    }

    [Test]
    public async Task Lease_takers_on_three_nodes_racing_round_after_round_never_both_win()
    {
        var cluster = await GaleraClusterFixture.GetAsync();
        await using var database = await cluster.CreateMigratedDatabaseAsync();
        var locks = Enumerable.Range(1, LocalGaleraCluster.NodeCount).Select(node => LeaseOn(cluster, database, node, TimeSpan.FromSeconds(5))).ToList();

        for (var round = 0; round < 15; round++)
        {
            var leases = await Task.WhenAll(locks.SelectMany(l => new[] { l, l }).Select(l => Task.Run(() => l.TryAcquireAsync($"round-{round}", CancellationToken.None))));
            Assert.That(leases.Count(lease => lease is not null), Is.EqualTo(1), $"round {round}: one holder");
            foreach (var lease in leases.OfType<ExclusiveLease>())
            {
                await lease.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task The_lease_of_an_instance_cut_off_from_its_node_expires_and_an_instance_on_another_node_takes_it()
    {
        var cluster = await GaleraClusterFixture.GetAsync();
        await using var database = await cluster.CreateMigratedDatabaseAsync();
        await using var proxy = GatewayPersistence.Tests.RequestLog.TcpProxy.Start(cluster.NodeConnectionString(2));
        var cutOff = new DatabaseLeaseLock(
            new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<GatewayDbContext>(
                database.ContextOptions(proxy.Route(cluster.NodeConnectionString(2)))),
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeSpan.FromSeconds(3));
        var other = LeaseOn(cluster, database, 3, TimeSpan.FromSeconds(3));
        await using var held = await cutOff.TryAcquireAsync("maintenance", CancellationToken.None);
        Assert.That(held, Is.Not.Null);
        Assert.That(await other.TryAcquireAsync("maintenance", CancellationToken.None), Is.Null, "held cluster-wide while renewed");

        proxy.Refuse();
        await using var taken = await other.AcquireAsync("maintenance", TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.That(taken, Is.Not.Null, "node 3's instance took the expired lease");
        Assert.That(await Eventually.TrueWithinAsync(() => held!.IsLost, TimeSpan.FromSeconds(10)), Is.True, "the cut-off holder knows it lost it");
    }

    private static DatabaseLeaseLock LeaseOn(LocalGaleraCluster cluster, ClusterTestDatabase database, int node, TimeSpan duration)
        => new(new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<GatewayDbContext>(database.ContextOptions(cluster.NodeConnectionString(node))),
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, duration);

    private static Task<DatabaseMigrationResult[]> MigrateOnEveryNodeAsync(LocalGaleraCluster cluster, ClusterTestDatabase database)
        => Task.WhenAll(Enumerable.Range(1, LocalGaleraCluster.NodeCount).Select(node => Task.Run(
            () => GatewayDatabaseMigrator.Create(database.ConnectionString(cluster.NodeConnectionString(node)), cluster.ServerVersion).MigrateAsync())));

    private static async Task AssertSameSchemaAndHistoryOnEveryNodeAsync(LocalGaleraCluster cluster, ClusterTestDatabase database, int migrations)
    {
        string? first = null;
        for (var node = 1; node <= LocalGaleraCluster.NodeCount; node++)
        {
            var server = cluster.NodeConnectionString(node);
            await using var connection = await database.OpenConnectionAsync(server);
            await using (var wait = new MySqlCommand("SET SESSION wsrep_sync_wait = 1", connection))
            {
                await wait.ExecuteNonQueryAsync();
            }

            Assert.That(await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM __EFMigrationsHistory"), Is.EqualTo(migrations), $"history on node {node}");
            Assert.That(await ScalarAsync<long>(connection, "SELECT COUNT(DISTINCT MigrationId) FROM __EFMigrationsHistory"), Is.EqualTo(migrations));
            var schema = await ScalarAsync<string>(connection, """
                SELECT GROUP_CONCAT(CONCAT_WS(':', TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COALESCE(COLUMN_DEFAULT, ''), EXTRA)
                  ORDER BY TABLE_NAME, ORDINAL_POSITION SEPARATOR '|')
                FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
                """);
            var indexes = await ScalarAsync<string>(connection, """
                SELECT GROUP_CONCAT(CONCAT_WS(':', TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME) ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX SEPARATOR '|')
                FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
                """);
            first ??= schema + indexes;
            Assert.That(schema + indexes, Is.EqualTo(first), $"node {node} has the schema node 1 has");
        }
    }

    private static async Task<T> ScalarAsync<T>(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
