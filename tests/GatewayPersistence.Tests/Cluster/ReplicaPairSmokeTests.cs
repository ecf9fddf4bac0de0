namespace GatewayPersistence.Tests.Cluster;

/// <summary>The shared primary + asynchronous replica: writes arrive after catch-up; a stopped replica refuses.</summary>
[NonParallelizable]
[Category("Cluster")]
public class ReplicaPairSmokeTests
{
    [Test]
    public async Task The_replica_reads_a_primary_write_after_catch_up()
    {
        var pair = await ReplicaPairFixture.GetAsync();
        await using var database = await pair.CreateDatabaseAsync();

        await database.ExecuteAsync(pair.PrimaryConnectionString,
            "CREATE TABLE smoke (id INT PRIMARY KEY, note VARCHAR(40) NOT NULL); INSERT INTO smoke VALUES (1, 'written on the primary')");
        await pair.WaitForReplicaCatchUpAsync();

        Assert.That(await database.ScalarAsync<string>(pair.ReplicaConnectionString, "SELECT note FROM smoke WHERE id = 1"),
            Is.EqualTo("written on the primary"));
        Assert.That(await database.ScalarAsync<int>(pair.ReplicaConnectionString, "SELECT @@read_only"), Is.EqualTo(1));
        Assert.That(await database.ScalarAsync<int>(pair.PrimaryConnectionString, "SELECT @@read_only"), Is.Zero);
    }

    [Test]
    public async Task A_stopped_replica_refuses_connections_and_catches_up_once_started_again()
    {
        var pair = await ReplicaPairFixture.GetAsync();
        await using var database = await pair.CreateDatabaseAsync();
        await database.ExecuteAsync(pair.PrimaryConnectionString, "CREATE TABLE smoke (id INT PRIMARY KEY)");
        try
        {
            await pair.StopReplicaAsync();

            var refused = Assert.ThrowsAsync<MySqlException>(async () =>
            {
                await using var connection = await database.OpenConnectionAsync(pair.ReplicaConnectionString + ";Pooling=false");
            });
            Assert.That(refused!.ErrorCode, Is.EqualTo(MySqlErrorCode.UnableToConnectToHost));

            await database.ExecuteAsync(pair.PrimaryConnectionString, "INSERT INTO smoke VALUES (1), (2), (3)");
            await pair.StartReplicaAsync();
            await pair.WaitForReplicaCatchUpAsync();

            Assert.That(await database.ScalarAsync<long>(pair.ReplicaConnectionString, "SELECT COUNT(*) FROM smoke"), Is.EqualTo(3));
        }
        finally
        {
            if (pair.ReplicaStopped)
            {
                await pair.StartReplicaAsync();
            }
        }
    }
}
