namespace GatewayPersistence.Tests;

/// <summary>Starts the database server once for the whole run (every test namespace sits below this one).</summary>
[SetUpFixture]
public sealed class TestRunSetUp
{
    /// <summary>Starts the server.</summary>
    [OneTimeSetUp]
    public Task StartAsync() => TestDatabaseServer.StartAsync();

    /// <summary>Stops what the run started (the cluster and the replica pair only when a test asked for them).</summary>
    [OneTimeTearDown]
    public async Task StopAsync()
    {
        try
        {
            try
            {
                await GaleraClusterFixture.StopAsync();
            }
            finally
            {
                await ReplicaPairFixture.StopAsync();
            }
        }
        finally
        {
            await TestDatabaseServer.StopAsync();
        }
    }
}
