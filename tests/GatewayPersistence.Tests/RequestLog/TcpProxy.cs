using System.Net;
using System.Net.Sockets;

namespace GatewayPersistence.Tests.RequestLog;

/// <summary>
/// A loopback TCP proxy in front of the test server: <see cref="Refuse"/> cuts every open connection and refuses new ones
/// (the database "goes away"), <see cref="Accept"/> brings it back on the same port; <see cref="Stall"/> makes every open
/// connection half-open (bytes are no longer forwarded, nothing is closed) while new connections work. Works with any server.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint target;
    private readonly Lock sync = new();
    private readonly List<TcpClient> connections = [];
    private readonly List<StallSwitch> switches = [];
    private TcpListener? listener;
    private int dropNextCommit;
    private int stallAtCommit;
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

    /// <summary>
    /// Arms the proxy for the next <c>COMMIT</c> a client sends: it is forwarded to the server, its reply is swallowed and
    /// the connection is closed, so the client cannot know whether the transaction committed (it did).
    /// </summary>
    public void DropNextCommitReply() => Volatile.Write(ref dropNextCommit, 1);

    /// <summary>
    /// Arms the proxy for the next <c>COMMIT</c> a client sends: it is swallowed and that connection goes half-open in
    /// both directions, and stays so when the client gives up (its close is not passed on either), so the server keeps
    /// the session, idle in its open transaction, with every lock it took.
    /// </summary>
    public void StallAtNextCommit() => Volatile.Write(ref stallAtCommit, 1);

    /// <summary>Whether an armed <see cref="StallAtNextCommit"/> has fired.</summary>
    public bool CommitStalled => Volatile.Read(ref stallAtCommit) == 2;

    /// <summary>Whether an armed <see cref="DropNextCommitReply"/> has fired.</summary>
    public bool CommitReplyDropped => Volatile.Read(ref dropNextCommit) == 2;

    /// <summary>Stops forwarding on every open connection without closing it (a half-open path); later connections are served.</summary>
    public void Stall()
    {
        lock (sync)
        {
            foreach (var stall in switches)
            {
                stall.Stalled = true;
            }

            switches.Clear();
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

            var stall = new StallSwitch();
            lock (sync)
            {
                connections.Add(client);
                connections.Add(upstream);
                switches.Add(stall);
            }

            _ = PumpAsync(client, upstream, stall, watchCommits: true);
            _ = PumpAsync(upstream, client, stall, watchCommits: false);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, StallSwitch stall, bool watchCommits)
    {
        try
        {
            var buffer = new byte[64 * 1024];
            var source = from.GetStream();
            var target = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                while (stall.Stalled)
                {
                    // Half-open: the bytes are swallowed, the socket stays open.
                    read = await source.ReadAsync(buffer);
                    if (read == 0)
                    {
                        return;
                    }
                }

                if (watchCommits && Volatile.Read(ref stallAtCommit) == 1 && IsCommit(buffer.AsSpan(0, read))
                    && Interlocked.CompareExchange(ref stallAtCommit, 2, 1) == 1)
                {
                    // Swallowed: the loop above swallows the rest; the client's close is not passed on (finally).
                    stall.Stalled = true;
                    stall.KeepServerSide = true;
                    continue;
                }

                if (watchCommits && Volatile.Read(ref dropNextCommit) == 1 && IsCommit(buffer.AsSpan(0, read))
                    && Interlocked.CompareExchange(ref dropNextCommit, 2, 1) == 1)
                {
                    // The reply must not reach the client: stall first, then let the COMMIT through, then cut.
                    stall.Stalled = true;
                    await target.WriteAsync(buffer.AsMemory(0, read));
                    await Task.Delay(300);
                    return;
                }

                await target.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // A severed connection ends its pump.
        }
        finally
        {
            from.Dispose();
            if (!(watchCommits && stall.KeepServerSide))
            {
                // A half-open path does not pass the client's close on: the server side stays until the server drops it.
                to.Dispose();
            }
        }
    }

    /// <summary>Whether a client packet is COM_QUERY (0x03) "COMMIT" (MySQL protocol: 3-byte length, sequence, command).</summary>
    private static bool IsCommit(ReadOnlySpan<byte> packet)
        => packet.Length >= 11 && packet[4] == 0x03
           && System.Text.Encoding.ASCII.GetString(packet[5..]).TrimEnd(';', ' ', '\0').Equals("commit", StringComparison.OrdinalIgnoreCase);

    private sealed class StallSwitch
    {
        private volatile bool stalled;
        private volatile bool keepServerSide;

        public bool KeepServerSide
        {
            get => keepServerSide;
            set => keepServerSide = value;
        }

        public bool Stalled
        {
            get => stalled;
            set => stalled = value;
        }
    }
}
