using System.Net;
using System.Net.Sockets;

namespace GatewayPersistence.Tests.RequestLog;

/// <summary>
/// A loopback TCP proxy in front of the test server: <see cref="Refuse"/> cuts every open connection and refuses new ones
/// (the database "goes away"), <see cref="Accept"/> brings it back on the same port. Works with any server.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint target;
    private readonly Lock sync = new();
    private readonly List<TcpClient> connections = [];
    private TcpListener? listener;
    private CancellationTokenSource? acceptLoop;

    private TcpProxy(IPEndPoint target)
    {
        this.target = target;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    /// <summary>Starts a proxy to the server of <paramref name="connectionString"/>.</summary>
    public static TcpProxy Start(string connectionString)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString);
        var addresses = Dns.GetHostAddresses(builder.Server);
        var proxy = new TcpProxy(new IPEndPoint(addresses.First(a => a.AddressFamily == AddressFamily.InterNetwork), (int)builder.Port));
        proxy.Accept();
        return proxy;
    }

    /// <summary><paramref name="connectionString"/> pointed at the proxy, without pooling surprises across severs.</summary>
    public string Route(string connectionString) => new MySqlConnectionStringBuilder(connectionString)
    {
        Server = "127.0.0.1",
        Port = (uint)Port,
        ConnectionTimeout = 3,
    }.ConnectionString;

    public void Accept()
    {
        lock (sync)
        {
            if (listener is not null)
            {
                return;
            }

            listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            acceptLoop = new CancellationTokenSource();
            _ = AcceptLoopAsync(listener, acceptLoop.Token);
        }
    }

    public void Refuse()
    {
        lock (sync)
        {
            acceptLoop?.Cancel();
            acceptLoop?.Dispose();
            acceptLoop = null;
            listener?.Stop();
            listener = null;
            foreach (var connection in connections)
            {
                connection.Dispose();
            }

            connections.Clear();
        }
    }

    public ValueTask DisposeAsync()
    {
        Refuse();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptLoopAsync(TcpListener active, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await active.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(target, cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (sync)
            {
                connections.Add(client);
                connections.Add(upstream);
            }

            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // A severed connection ends its pump.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
