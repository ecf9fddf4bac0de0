using System.Net;
using System.Net.Sockets;

namespace GatewayPersistence.Tests.Infrastructure;

/// <summary>
/// Runs <c>scripts/cluster.sh</c>, the one place the Galera and replication settings live, so the fixtures and an
/// operator at a shell start exactly the same servers.
/// </summary>
internal static class ClusterScript
{
    private static readonly string Script = RepositoryRoot.Combine("scripts", "cluster.sh");

    /// <summary>Runs the script with <paramref name="arguments"/>; fails the test with its output when it fails.</summary>
    public static async Task<string> RunAsync(IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, params string[] arguments)
    {
        await using var child = await ChildProcess.RunAsync("bash", [Script, .. arguments], environment: environment, timeout: timeout);
        return child.Output;
    }

    /// <summary>Runs the script and ignores a failure (cleaning up after another failure, which stays the one reported).</summary>
    public static async Task TryRunAsync(TimeSpan timeout, params string[] arguments)
    {
        await using var child = await ChildProcess.RunAsync("bash", [Script, .. arguments], allowFailure: true, timeout: timeout);
    }

    /// <summary>The one line a <c>url</c> command prints (the script writes nothing else to stdout or stderr there).</summary>
    public static async Task<string> UrlAsync(params string[] arguments)
    {
        var output = await RunAsync(null, TimeSpan.FromSeconds(30), arguments);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
    }

    /// <summary>A temp directory for one cluster's data, deleted by <see cref="DeleteDirectory"/>.</summary>
    public static string NewDirectory(string kind)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"gateway-{kind}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        return directory;
    }

    public static void DeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temp directory behind.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }

    /// <summary>
    /// A base port whose <paramref name="count"/> ports are free on every address in <paramref name="addresses"/>.
    /// Below the kernel's ephemeral range (32768+), where the single-server fixtures of other runs take theirs.
    /// </summary>
    public static int FreeBasePort(int count, params string[] addresses)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var basePort = Random.Shared.Next(2_000, 3_200) * 10;
            if (Enumerable.Range(basePort, count).All(port => addresses.All(address => IsFree(address, port))))
            {
                return basePort;
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports found below 32000.");
    }

    private static bool IsFree(string address, int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Parse(address), port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
