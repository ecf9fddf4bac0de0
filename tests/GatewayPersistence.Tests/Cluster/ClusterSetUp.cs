namespace GatewayPersistence.Tests.Cluster;

/// <summary>
/// Stops the shared Galera cluster and replica pair as soon as the tests of this namespace (and those below it) are
/// done, rather than at the end of the run: four idle servers need not sit through the rest of the suite. Tests that
/// need a cluster belong here so they share one start; the run-level teardown still stops one started elsewhere.
/// </summary>
[SetUpFixture]
public sealed class ClusterSetUp
{
    /// <summary>Stops what the cluster tests started.</summary>
    [OneTimeTearDown]
    public async Task StopAsync()
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
}
