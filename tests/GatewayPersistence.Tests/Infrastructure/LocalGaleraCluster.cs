using System.Globalization;

namespace GatewayPersistence.Tests.Infrastructure;

/// <summary>
/// A three-node MariaDB Galera cluster on loopback, started by <c>scripts/cluster.sh start</c> in a temp directory on a
/// free base port. Node <c>n</c> (1-3) listens on <c>127.0.0.n</c>, all on one port, so that one MySqlConnector
/// connection string can name all three (<see cref="FailOverConnectionString"/>). Tests usually share one cluster
/// through <see cref="GaleraClusterFixture"/>.
/// </summary>
internal sealed class LocalGaleraCluster : IAsyncDisposable
{
    /// <summary>Number of nodes.</summary>
    public const int NodeCount = 3;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private readonly string directory;
    private readonly string[] nodeConnectionStrings;
    private readonly bool[] killed = new bool[NodeCount + 1];

    private LocalGaleraCluster(string directory, int basePort, string[] nodeConnectionStrings, string failOver, ServerVersion version)
    {
        this.directory = directory;
        BasePort = basePort;
        this.nodeConnectionStrings = nodeConnectionStrings;
        FailOverConnectionString = failOver;
        ServerVersion = version;
    }

    /// <summary>The SQL port of every node (Galera's own ports follow it, see the script's header).</summary>
    public int BasePort { get; }

    /// <summary>Root connection string naming all three nodes, <c>LoadBalance=FailOver</c> (node 1 first), no database.</summary>
    public string FailOverConnectionString { get; }

    /// <summary>The nodes' server version.</summary>
    public ServerVersion ServerVersion { get; }

    /// <summary>Nodes that are killed and not restarted yet.</summary>
    public IReadOnlyList<int> KilledNodes => Enumerable.Range(1, NodeCount).Where(node => killed[node]).ToList();

    /// <summary>Starts a cluster and waits until all three nodes are Synced.</summary>
    public static async Task<LocalGaleraCluster> StartAsync()
    {
        var directory = ClusterScript.NewDirectory("cluster");
        try
        {
            var basePort = ClusterScript.FreeBasePort(10, "127.0.0.1", "127.0.0.2", "127.0.0.3");
            var environment = new Dictionary<string, string?> { ["CLUSTER_BASE_PORT"] = basePort.ToString(CultureInfo.InvariantCulture) };
            var output = await ClusterScript.RunAsync(environment, StartTimeout, "start", directory);
            TestContext.Progress.WriteLine(output.Trim());
            var nodes = new string[NodeCount + 1];
            for (var node = 1; node <= NodeCount; node++)
            {
                nodes[node] = await ClusterScript.UrlAsync("url", node.ToString(CultureInfo.InvariantCulture), directory);
            }

            var failOver = await ClusterScript.UrlAsync("url", "all", directory);
            return new LocalGaleraCluster(directory, basePort, nodes, failOver, ServerVersion.AutoDetect(nodes[1]));
        }
        catch
        {
            await ClusterScript.TryRunAsync(StartTimeout, "stop", directory);
            ClusterScript.DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>Root connection string of node <paramref name="node"/> (1-3), no database.</summary>
    public string NodeConnectionString(int node) => nodeConnectionStrings[CheckNode(node)];

    /// <summary>SIGKILLs node <paramref name="node"/>; the others drop it after the EVS suspect timeout (5 s).</summary>
    public async Task KillNodeAsync(int node)
    {
        await ClusterScript.RunAsync(null, TimeSpan.FromMinutes(1), "kill", CheckNode(node).ToString(CultureInfo.InvariantCulture), directory);
        killed[node] = true;
        MySqlConnection.ClearAllPools();
    }

    /// <summary>Starts a killed node again and waits until it has rejoined (IST, else SST) and is Synced.</summary>
    public async Task RestartNodeAsync(int node)
    {
        var output = await ClusterScript.RunAsync(null, StartTimeout, "restart", CheckNode(node).ToString(CultureInfo.InvariantCulture), directory);
        TestContext.Progress.WriteLine(output.Trim());
        killed[node] = false;
    }

    /// <summary>Restarts every killed node, so the next test finds three Synced nodes.</summary>
    public async Task RestartKilledNodesAsync()
    {
        foreach (var node in KilledNodes)
        {
            await RestartNodeAsync(node);
        }
    }

    /// <summary>A global status value (e.g. <c>wsrep_cluster_size</c>) as node <paramref name="node"/> reports it.</summary>
    public async Task<string?> StatusAsync(int node, string name)
    {
        await using var connection = new MySqlConnection(NodeConnectionString(node) + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new MySqlCommand(
            "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = @name", connection);
        command.Parameters.AddWithValue("@name", name);
        return (string?)await command.ExecuteScalarAsync();
    }

    /// <summary>Waits until node <paramref name="node"/> sees a primary component of <paramref name="size"/> nodes.</summary>
    public async Task WaitForClusterSizeAsync(int node, int size, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? seen = null;
        while (DateTime.UtcNow < deadline)
        {
            seen = await StatusAsync(node, "wsrep_cluster_size");
            if (seen == size.ToString(CultureInfo.InvariantCulture) && await StatusAsync(node, "wsrep_ready") == "ON")
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Node {node} still reports cluster size {seen}, not {size}, after {timeout}.");
    }

    /// <summary>An empty database of its own, created through node 1 (DDL replicates to every node).</summary>
    public Task<ClusterTestDatabase> CreateDatabaseAsync() => ClusterTestDatabase.CreateEmptyAsync(NodeConnectionString(1), ServerVersion);

    /// <summary>A database with every migration applied through node 1.</summary>
    public Task<ClusterTestDatabase> CreateMigratedDatabaseAsync() => ClusterTestDatabase.CreateMigratedAsync(NodeConnectionString(1), ServerVersion);

    /// <summary>Stops every node and deletes the data.</summary>
    public async ValueTask DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        try
        {
            await ClusterScript.RunAsync(null, TimeSpan.FromMinutes(3), "stop", directory);
        }
        finally
        {
            ClusterScript.DeleteDirectory(directory);
        }
    }

    private static int CheckNode(int node)
        => node is >= 1 and <= NodeCount ? node : throw new ArgumentOutOfRangeException(nameof(node), node, "Nodes are 1, 2 and 3.");
}
