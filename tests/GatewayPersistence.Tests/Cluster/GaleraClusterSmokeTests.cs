namespace GatewayPersistence.Tests.Cluster;

/// <summary>The shared three-node Galera cluster itself: it forms, replicates, loses a node and takes it back.</summary>
[NonParallelizable]
[Category("Cluster")]
public class GaleraClusterSmokeTests
{
    [Test]
    public async Task Three_nodes_form_one_cluster_and_a_row_written_on_node_1_is_read_on_node_3()
    {
        var cluster = await GaleraClusterFixture.GetAsync();
        await using var database = await cluster.CreateDatabaseAsync();

        for (var node = 1; node <= LocalGaleraCluster.NodeCount; node++)
        {
            Assert.That(await cluster.StatusAsync(node, "wsrep_cluster_size"), Is.EqualTo("3"), $"node {node}");
            Assert.That(await cluster.StatusAsync(node, "wsrep_local_state_comment"), Is.EqualTo("Synced"), $"node {node}");
        }

        await database.ExecuteAsync(cluster.NodeConnectionString(1),
            "CREATE TABLE smoke (id INT PRIMARY KEY, note VARCHAR(40) NOT NULL); INSERT INTO smoke VALUES (1, 'written on node 1')");

        Assert.That(await ReadNoteAsync(database, cluster.NodeConnectionString(3), 1), Is.EqualTo("written on node 1"));
    }

    [Test]
    public async Task A_killed_node_leaves_two_and_rejoins_with_the_rows_written_while_it_was_down()
    {
        var cluster = await GaleraClusterFixture.GetAsync();
        await using var database = await cluster.CreateDatabaseAsync();
        await database.ExecuteAsync(cluster.NodeConnectionString(1), "CREATE TABLE smoke (id INT PRIMARY KEY, note VARCHAR(40) NOT NULL)");
        try
        {
            // Node 1, the one that bootstrapped the cluster: it must come back as an ordinary joiner.
            await cluster.KillNodeAsync(1);
            await cluster.WaitForClusterSizeAsync(2, 2, TimeSpan.FromSeconds(60));
            Assert.That(await cluster.StatusAsync(3, "wsrep_cluster_size"), Is.EqualTo("2"));

            // The multi-host string skips the dead first host.
            await using (var connection = await database.OpenConnectionAsync(cluster.FailOverConnectionString))
            {
                await using var node = new MySqlCommand("SELECT @@wsrep_node_name", connection);
                Assert.That(await node.ExecuteScalarAsync(), Is.EqualTo("node2"));
                await using var insert = new MySqlCommand("INSERT INTO smoke VALUES (1, 'while node 1 was down'), (2, 'also')", connection);
                Assert.That(await insert.ExecuteNonQueryAsync(), Is.EqualTo(2));
            }

            await cluster.RestartNodeAsync(1);

            Assert.That(await cluster.StatusAsync(1, "wsrep_cluster_size"), Is.EqualTo("3"));
            Assert.That(await cluster.StatusAsync(1, "wsrep_local_state_comment"), Is.EqualTo("Synced"));
            Assert.That(await ReadNoteAsync(database, cluster.NodeConnectionString(1), 1), Is.EqualTo("while node 1 was down"));
            Assert.That(await ReadNoteAsync(database, cluster.NodeConnectionString(1), 2), Is.EqualTo("also"));
        }
        finally
        {
            await cluster.RestartKilledNodesAsync();
        }
    }

    [Test]
    public async Task A_database_migrated_through_node_1_has_the_same_tables_and_history_on_node_3()
    {
        var cluster = await GaleraClusterFixture.GetAsync();
        await using var database = await cluster.CreateMigratedDatabaseAsync();
        const string tables = "SELECT GROUP_CONCAT(TABLE_NAME ORDER BY TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()";
        const string history = "SELECT GROUP_CONCAT(MigrationId ORDER BY MigrationId) FROM __EFMigrationsHistory";

        var onNode1 = await database.ScalarAsync<string>(cluster.NodeConnectionString(1), tables);
        await using var context = database.CreateContext(cluster.NodeConnectionString(1));
        var migrations = context.Database.GetMigrations().ToList();

        Assert.That(onNode1, Does.Contain("api_requests"));
        Assert.That(await database.ScalarAsync<string>(cluster.NodeConnectionString(3), "SET SESSION wsrep_sync_wait = 1; " + tables),
            Is.EqualTo(onNode1));
        Assert.That(await database.ScalarAsync<string>(cluster.NodeConnectionString(3), "SET SESSION wsrep_sync_wait = 1; " + history),
            Is.EqualTo(string.Join(',', migrations.Order(StringComparer.Ordinal))));
    }

    /// <summary>A causal read: <c>wsrep_sync_wait=1</c> makes the node apply everything committed cluster-wide first.</summary>
    private static async Task<string?> ReadNoteAsync(ClusterTestDatabase database, string node, int id)
    {
        await using var connection = await database.OpenConnectionAsync(node);
        await using var sync = new MySqlCommand("SET SESSION wsrep_sync_wait = 1", connection);
        await sync.ExecuteNonQueryAsync();
        await using var read = new MySqlCommand("SELECT note FROM smoke WHERE id = @id", connection);
        read.Parameters.AddWithValue("@id", id);
        return (string?)await read.ExecuteScalarAsync();
    }
}
