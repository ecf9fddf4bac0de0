using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Repositories;
using GatewayPersistence.Statistics;
using GatewayPersistence.Tests.RequestLog;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayPersistence.Tests.Cluster;

/// <summary>
/// Statistics and the listing on a real asynchronous replica (MariaDB GTID replication): equal to the primary's once it
/// has caught up, stale by exactly what it has not applied, and answered by the primary while the replica is down.
/// </summary>
[NonParallelizable]
[Category("Cluster")]
public class ReplicaReadTests
{
    [Test]
    public async Task Statistics_from_the_replica_equal_the_primarys_once_it_caught_up_and_lag_while_replication_pauses()
    {
        var pair = await ReplicaPairFixture.GetAsync();
        await using var database = await pair.CreateMigratedDatabaseAsync();
        await WriteAsync(pair, database, "first", 500);
        await pair.WaitForReplicaCatchUpAsync();
        await using var withReplica = Services(pair, database, replica: true);
        await using var primaryOnly = Services(pair, database, replica: false);

        Assert.That(await StatsAsync(withReplica), Is.EqualTo(await StatsAsync(primaryOnly)), "caught up: the same answers");
        Assert.That((await StatsAsync(withReplica)).TotalRequests, Is.EqualTo(500));
        Assert.That(await ListingAsync(withReplica), Is.EqualTo(await ListingAsync(primaryOnly)));

        await database.ExecuteAsync(pair.ReplicaConnectionString, "STOP SLAVE SQL_THREAD");
        try
        {
            await WriteAsync(pair, database, "second", 200);
            Assert.That((await StatsAsync(primaryOnly)).TotalRequests, Is.EqualTo(700));
            Assert.That((await StatsAsync(withReplica)).TotalRequests, Is.EqualTo(500), "the replica lags by what it has not applied");
        }
        finally
        {
            await database.ExecuteAsync(pair.ReplicaConnectionString, "START SLAVE SQL_THREAD");
        }

        await pair.WaitForReplicaCatchUpAsync();
        Assert.That(await StatsAsync(withReplica), Is.EqualTo(await StatsAsync(primaryOnly)));
    }

    [Test]
    public async Task With_the_replica_down_statistics_are_read_from_the_primary()
    {
        var pair = await ReplicaPairFixture.GetAsync();
        await using var database = await pair.CreateMigratedDatabaseAsync();
        await WriteAsync(pair, database, "before", 300);
        await pair.WaitForReplicaCatchUpAsync();
        await using var withReplica = Services(pair, database, replica: true);
        try
        {
            await pair.StopReplicaAsync();
            await WriteAsync(pair, database, "while-down", 100);

            Assert.That((await StatsAsync(withReplica)).TotalRequests, Is.EqualTo(400), "the primary answered, with its newest rows");
            Assert.That(await ListingAsync(withReplica), Has.Count.EqualTo(50));
        }
        finally
        {
            if (pair.ReplicaStopped)
            {
                await pair.StartReplicaAsync();
            }
        }
    }

    private static async Task WriteAsync(LocalReplicaPair pair, ClusterTestDatabase database, string prefix, int count)
    {
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString(pair.PrimaryConnectionString));
        var now = DateTimeOffset.UtcNow;
        foreach (var record in TestRecords.Many(prefix, count))
        {
            Assert.That(pipeline.Log.Enqueue(record with { CreatedAt = now.AddSeconds(-1) }), Is.True);
        }

        Assert.That((await pipeline.Log.FlushAsync(CancellationToken.None)).AllWritten, Is.True);
    }

    // One window for the whole run, so answers from the replica and the primary are comparable field by field.
    private static readonly StatsQuery Window = new(DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddHours(2));

    private static Task<ApiRequestStats> StatsAsync(ServiceProvider services)
        => services.GetRequiredService<IApiRequestStatistics>().GetStatsAsync(Window);

    private static async Task<List<string>> ListingAsync(ServiceProvider services)
        => (await services.GetRequiredService<IApiRequestRepository>().GetAllAsync(new ApiRequestQuery { Limit = 50 })).Items.Select(item => item.Id).ToList();

    private static ServiceProvider Services(LocalReplicaPair pair, ClusterTestDatabase database, bool replica)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGatewayPersistence(options =>
        {
            options.ConnectionString = database.ConnectionString(pair.PrimaryConnectionString);
            options.ReadConnectionString = replica ? database.ConnectionString(pair.ReplicaConnectionString) : null;
            options.ServerVersion = pair.ServerVersion.ToString();
        });
        return services.BuildServiceProvider();
    }
}
