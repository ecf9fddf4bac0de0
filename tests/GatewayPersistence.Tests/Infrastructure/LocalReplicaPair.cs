using System.Globalization;

namespace GatewayPersistence.Tests.Infrastructure;

/// <summary>
/// A MariaDB primary and one asynchronous replica (GTID replication) on loopback, started by
/// <c>scripts/cluster.sh replica start</c> in a temp directory on two free ports. The replica runs
/// <c>--read-only</c> (root may still write there; tests must not). Tests usually share one pair through
/// <see cref="ReplicaPairFixture"/>.
/// </summary>
internal sealed class LocalReplicaPair : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly string directory;

    private LocalReplicaPair(string directory, string primary, string replica, ServerVersion version)
    {
        this.directory = directory;
        PrimaryConnectionString = primary;
        ReplicaConnectionString = replica;
        ServerVersion = version;
    }

    /// <summary>Root connection string of the primary, no database.</summary>
    public string PrimaryConnectionString { get; }

    /// <summary>Root connection string of the replica, no database.</summary>
    public string ReplicaConnectionString { get; }

    /// <summary>The servers' version.</summary>
    public ServerVersion ServerVersion { get; }

    /// <summary>Whether the replica's server is stopped (<see cref="StopReplicaAsync"/>) and not started again.</summary>
    public bool ReplicaStopped { get; private set; }

    /// <summary>Starts both servers and waits until the replica's IO and SQL threads run.</summary>
    public static async Task<LocalReplicaPair> StartAsync()
    {
        var directory = ClusterScript.NewDirectory("replica");
        try
        {
            var basePort = ClusterScript.FreeBasePort(2, "127.0.0.1");
            var environment = new Dictionary<string, string?> { ["REPLICA_BASE_PORT"] = basePort.ToString(CultureInfo.InvariantCulture) };
            var output = await ClusterScript.RunAsync(environment, StartTimeout, "replica", "start", directory);
            TestContext.Progress.WriteLine(output.Trim());
            var primary = await ClusterScript.UrlAsync("replica", "url", "primary", directory);
            var replica = await ClusterScript.UrlAsync("replica", "url", "replica", directory);
            return new LocalReplicaPair(directory, primary, replica, ServerVersion.AutoDetect(primary));
        }
        catch
        {
            await ClusterScript.TryRunAsync(StartTimeout, "replica", "stop", directory);
            ClusterScript.DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>Shuts the replica's server down (the primary carries on); connections to it then fail.</summary>
    public async Task StopReplicaAsync()
    {
        await ClusterScript.RunAsync(null, TimeSpan.FromMinutes(2), "replica", "kill-replica", directory);
        ReplicaStopped = true;
        MySqlConnection.ClearAllPools();
    }

    /// <summary>Starts the replica's server again; it resumes replication from its own GTID position.</summary>
    public async Task StartReplicaAsync()
    {
        await ClusterScript.RunAsync(null, StartTimeout, "replica", "start-replica", directory);
        ReplicaStopped = false;
    }

    /// <summary>
    /// Waits until the replica has applied everything the primary had committed when this was called: the primary's
    /// <c>@@gtid_binlog_pos</c>, awaited on the replica with <c>MASTER_GTID_WAIT</c>.
    /// </summary>
    public async Task WaitForReplicaCatchUpAsync(TimeSpan? timeout = null)
    {
        var seconds = (timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds;
        string position;
        await using (var primary = new MySqlConnection(PrimaryConnectionString))
        {
            await primary.OpenAsync();
            await using var read = new MySqlCommand("SELECT @@gtid_binlog_pos", primary);
            position = (string)(await read.ExecuteScalarAsync())!;
        }

        await using var replica = new MySqlConnection(ReplicaConnectionString);
        await replica.OpenAsync();
        await using var wait = new MySqlCommand("SELECT MASTER_GTID_WAIT(@position, @seconds)", replica) { CommandTimeout = (int)seconds + 30 };
        wait.Parameters.AddWithValue("@position", position);
        wait.Parameters.AddWithValue("@seconds", seconds);
        var result = Convert.ToInt32(await wait.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        if (result != 0)
        {
            throw new TimeoutException($"The replica did not reach the primary's GTID position {position} within {seconds} s.");
        }
    }

    /// <summary>An empty database of its own, created on the primary (and so replicated to the replica).</summary>
    public Task<ClusterTestDatabase> CreateDatabaseAsync() => ClusterTestDatabase.CreateEmptyAsync(PrimaryConnectionString, ServerVersion);

    /// <summary>A database with every migration applied on the primary.</summary>
    public Task<ClusterTestDatabase> CreateMigratedDatabaseAsync() => ClusterTestDatabase.CreateMigratedAsync(PrimaryConnectionString, ServerVersion);

    /// <summary>Stops both servers and deletes the data.</summary>
    public async ValueTask DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        try
        {
            await ClusterScript.RunAsync(null, TimeSpan.FromMinutes(2), "replica", "stop", directory);
        }
        finally
        {
            ClusterScript.DeleteDirectory(directory);
        }
    }
}
