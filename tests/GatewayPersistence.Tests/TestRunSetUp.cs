namespace GatewayPersistence.Tests;

/// <summary>Starts the database server once for the whole run (every test namespace sits below this one).</summary>
[SetUpFixture]
public sealed class TestRunSetUp
{
    /// <summary>Starts the server.</summary>
    [OneTimeSetUp]
    public Task StartAsync() => TestDatabaseServer.StartAsync();

    /// <summary>Stops what the run started.</summary>
    [OneTimeTearDown]
    public Task StopAsync() => TestDatabaseServer.StopAsync();
}
