namespace GatewayPersistence.Tests.Infrastructure;

/// <summary>
/// The one Galera cluster of a test run, started by the first test that asks for it (a cluster start costs 15-20 s,
/// so tests share it) and stopped at the end of the run by <see cref="TestRunSetUp"/>. Each test makes its own
/// database (<see cref="LocalGaleraCluster.CreateDatabaseAsync"/>). A test that kills a node restarts it before it
/// ends; should one fail to, the next <see cref="GetAsync"/> restarts it, so every test starts on three Synced nodes.
/// </summary>
internal static class GaleraClusterFixture
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static LocalGaleraCluster? cluster;

    /// <summary>The shared cluster, all three nodes up.</summary>
    public static async Task<LocalGaleraCluster> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            cluster ??= await LocalGaleraCluster.StartAsync();
            await cluster.RestartKilledNodesAsync();
            return cluster;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Stops the cluster when this run started one.</summary>
    public static async Task StopAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
                cluster = null;
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
