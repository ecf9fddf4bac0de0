using GatewayPersistence.RequestLog;
using GatewayPersistence.Tests.RequestLog;
using static GatewayPersistence.Tests.Statistics.StatisticsTestSupport;

namespace GatewayPersistence.Tests.Cluster;

/// <summary>
/// The request log on a three-node Galera cluster: a pipeline per node at once, and a pipeline whose node is killed
/// mid-ingest. Every row exactly once, both rollups equal to the raw rows (read from a surviving node, causally).
/// </summary>
[NonParallelizable]
[Category("Cluster")]
public class ClusterIngestTests
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(120);

    [Test]
    public async Task Three_pipelines_on_three_nodes_write_every_row_once_with_exact_rollups()
    {
        var cluster = await GaleraClusterFixture.GetAsync();
        await using var database = await cluster.CreateMigratedDatabaseAsync();
        using var statements = new ExecutedStatements(database.Name);
        var pipelines = new List<TestPipeline>();
        try
        {
            for (var node = 1; node <= LocalGaleraCluster.NodeCount; node++)
            {
                pipelines.Add(await TestPipeline.StartAsync(database.ConnectionString(cluster.NodeConnectionString(node)), Settings));
            }

            // Every writer counts into the same current-hour rollup rows: the hot rows certification must sort out.
            var sent = await Task.WhenAll(pipelines.Select((pipeline, i) => Task.Run(() => SendAsync(pipeline, $"n{i + 1}", batches: 30, batchSize: 100))));
            foreach (var pipeline in pipelines)
            {
                await pipeline.Log.FlushAsync(CancellationToken.None);
            }

            var total = sent.Sum();
            await AssertExactlyOnceAsync(cluster, database, node: 2, total);
            var conflicts = pipelines.Sum(p => p.Get<RequestLogMetrics>().ConflictRetries);
            TestContext.Progress.WriteLine($"3 pipelines on 3 nodes: {total} rows, {conflicts} conflict retries");
            // On a Galera node the server's own foreign-key check stays on: it is what puts the parent keys in the write set.
            Assert.That(statements.All.Where(text => text.StartsWith("LOAD DATA", StringComparison.OrdinalIgnoreCase)), Is.Not.Empty);
            Assert.That(statements.All.Where(text => text.Contains("foreign_key_checks", StringComparison.Ordinal)), Is.Empty);
        }
        finally
        {
            foreach (var pipeline in pipelines)
            {
                await pipeline.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task A_node_killed_mid_ingest_loses_and_duplicates_nothing()
    {
        var cluster = await GaleraClusterFixture.GetAsync();
        await using var database = await cluster.CreateMigratedDatabaseAsync();
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString(cluster.FailOverConnectionString), Settings);
        try
        {
            var before = await SendAsync(pipeline, "before", batches: 20, batchSize: 100);
            // The failover string's first host takes the pipeline's connections: kill it while batches are in flight.
            var during = Task.Run(() => SendAsync(pipeline, "during", batches: 20, batchSize: 100));
            await Task.Delay(300);
            await cluster.KillNodeAsync(1);
            var after = await during + await SendAsync(pipeline, "after", batches: 10, batchSize: 100);

            var total = before + after;
            await WaitForRowsAsync(pipeline, cluster, database, node: 3, total);
            await AssertExactlyOnceAsync(cluster, database, node: 3, total);
            TestContext.Progress.WriteLine(
                $"node kill: sent {total}, spilled {pipeline.Get<RequestLogMetrics>().Spilled}, retries {pipeline.Get<RequestLogMetrics>().Retries}");
        }
        finally
        {
            await cluster.RestartKilledNodesAsync();
        }
    }

    [Test]
    public async Task A_batch_committed_on_one_node_and_written_again_at_once_on_another_is_counted_once()
    {
        // What a retry after a lost COMMIT acknowledgement does when it reconnects to another node: the first node has
        // committed, the second may not have applied it yet. Certification or the causal existence check must keep the
        // second write from adding the rows (or their rollup counts) again.
        var cluster = await GaleraClusterFixture.GetAsync();
        await using var database = await cluster.CreateMigratedDatabaseAsync();
        await using var first = await TestPipeline.StartAsync(database.ConnectionString(cluster.NodeConnectionString(1)), Settings);
        await using var second = await TestPipeline.StartAsync(database.ConnectionString(cluster.NodeConnectionString(3)), Settings);
        var now = DateTimeOffset.UtcNow;
        var total = 0;
        for (var round = 0; round < 10; round++)
        {
            var records = TestRecords.Many($"round{round}", 200).Select(r => r with { CreatedAt = now }).ToList();
            records.ForEach(record => first.Log.Enqueue(record));
            await first.Log.FlushAsync(CancellationToken.None);
            records.ForEach(record => second.Log.Enqueue(record));
            await second.Log.FlushAsync(CancellationToken.None);
            total += records.Count;
        }

        await AssertExactlyOnceAsync(cluster, database, node: 2, total);
        Assert.That(second.DeadLetterLines(), Is.Empty);
    }

    private static void Settings(RequestLogOptions options)
    {
        options.BatchSize = 200;
        options.FlushInterval = TimeSpan.FromMilliseconds(50);
    }

    private static async Task<int> SendAsync(TestPipeline pipeline, string prefix, int batches, int batchSize)
    {
        var now = DateTimeOffset.UtcNow;
        var sent = 0;
        for (var batch = 0; batch < batches; batch++)
        {
            for (var i = 0; i < batchSize; i++)
            {
                var index = (batch * batchSize) + i;
                var record = TestRecords.Create($"{prefix}-{index:D6}", index) with { CreatedAt = now.AddMilliseconds(-(index % 1000)) };
                Assert.That(pipeline.Log.Enqueue(record), Is.True);
                sent++;
            }

            await Task.Delay(20);
        }

        return sent;
    }

    private static async Task WaitForRowsAsync(TestPipeline pipeline, LocalGaleraCluster cluster, ClusterTestDatabase database, int node, int expected)
    {
        var until = DateTime.UtcNow + Converge;
        while (true)
        {
            await pipeline.Log.FlushAsync(CancellationToken.None);
            var stored = await database.ScalarAsync<long>(cluster.NodeConnectionString(node), "SELECT COUNT(*) FROM api_requests");
            if (stored >= expected || DateTime.UtcNow > until)
            {
                return;
            }

            await Task.Delay(500);
        }
    }

    private static async Task AssertExactlyOnceAsync(LocalGaleraCluster cluster, ClusterTestDatabase database, int node, int expected)
    {
        await using var connection = await database.OpenConnectionAsync(cluster.NodeConnectionString(node));
        await using (var causal = new MySqlCommand("SET SESSION wsrep_sync_wait = 1", connection))
        {
            await causal.ExecuteNonQueryAsync();
        }

        await using var counts = new MySqlCommand("SELECT COUNT(*), COUNT(DISTINCT id) FROM api_requests", connection);
        await using (var reader = await counts.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            Assert.That(reader.GetInt64(0), Is.EqualTo(expected), "every row is stored (none lost)");
            Assert.That(reader.GetInt64(1), Is.EqualTo(expected), "no row twice");
        }

        Assert.That(await RollupLinesAsync(connection), Is.EqualTo(await ExpectedRollupLinesAsync(connection)), "both rollups equal the raw rows");
    }
}
