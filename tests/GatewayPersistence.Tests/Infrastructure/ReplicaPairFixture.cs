namespace GatewayPersistence.Tests.Infrastructure;

/// <summary>
/// The one primary + replica pair of a test run, started by the first test that asks for it and stopped at the end
/// of the run by <see cref="TestRunSetUp"/>. A replica a test stopped and did not start again is started by the next
/// <see cref="GetAsync"/>.
/// </summary>
internal static class ReplicaPairFixture
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static LocalReplicaPair? pair;

    /// <summary>The shared pair, both servers up and replicating.</summary>
    public static async Task<LocalReplicaPair> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            pair ??= await LocalReplicaPair.StartAsync();
            if (pair.ReplicaStopped)
            {
                await pair.StartReplicaAsync();
            }

            return pair;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Stops the pair when this run started one.</summary>
    public static async Task StopAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (pair is not null)
            {
                await pair.DisposeAsync();
                pair = null;
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
