using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GatewayPersistence.Tests.Infrastructure;

/// <summary>
/// A throwaway <c>mariadbd</c> in a temp directory on a free loopback port, for machines without Docker.
/// Settings favour speed over durability: the data is deleted at the end of the run anyway.
/// </summary>
public sealed class LocalMariaDbServer : IAsyncDisposable
{
    private const string Password = "gateway-test";
    private static readonly string[] ServerBinaries = ["mariadbd", "mysqld", "/usr/sbin/mariadbd", "/usr/sbin/mysqld"];

    private readonly string directory;
    private readonly string serverBinary;
    private Process? process;

    private LocalMariaDbServer(string directory, string serverBinary, int port)
    {
        this.directory = directory;
        this.serverBinary = serverBinary;
        Port = port;
    }

    /// <summary>TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Root connection string without a database.</summary>
    public string AdminConnectionString => new MySqlConnectionStringBuilder
    {
        Server = "127.0.0.1",
        Port = (uint)Port,
        UserID = "root",
        Password = Password,
        AllowLoadLocalInfile = true,
        CharacterSet = "utf8mb4",
    }.ConnectionString;

    /// <summary>Installs a data directory and starts the server.</summary>
    public static async Task<LocalMariaDbServer> StartAsync()
    {
        var serverBinary = ServerBinaries.Select(FindExecutable).FirstOrDefault(path => path is not null)
            ?? throw new InvalidOperationException(
                "No database server for the tests: no GATEWAY_TEST_MYSQL connection string, no Docker engine, and no mariadbd. " +
                "Install the Debian package 'mariadb-server' (apt-get install -y mariadb-server) or run scripts/test.sh, which does.");
        var directory = Path.Combine(Path.GetTempPath(), $"gateway-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var server = new LocalMariaDbServer(directory, serverBinary, FreePort());
        try
        {
            await server.InstallAsync();
            await server.StartProcessAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/>, optionally with extra options (e.g. <c>--local-infile=0</c>).</summary>
    public Task RestartAsync(params string[] extraOptions) => StartProcessAsync(extraOptions);

    /// <summary>Shuts the server down cleanly, keeping its data.</summary>
    public async Task StopAsync()
    {
        if (process is null || process.HasExited)
        {
            return;
        }

        try
        {
            await using var connection = new MySqlConnection(AdminConnectionString);
            await connection.OpenAsync();
            await using var shutdown = new MySqlCommand("SHUTDOWN", connection);
            await shutdown.ExecuteNonQueryAsync();
        }
        catch (MySqlException)
        {
            process.Kill();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        MySqlConnection.ClearAllPools();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (process is { HasExited: false })
            {
                process.Kill();
            }

            process?.Dispose();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open only leaves a temp directory behind.
            }
        }
    }

    private async Task InstallAsync()
    {
        var installer = FindExecutable("mariadb-install-db") ?? FindExecutable("mysql_install_db")
            ?? throw new InvalidOperationException("mariadb-install-db not found; install the Debian package 'mariadb-server'.");
        var info = new ProcessStartInfo(installer)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     "--no-defaults", $"--datadir={DataDirectory}", "--auth-root-authentication-method=normal",
                     "--skip-test-db", $"--user={Environment.UserName}",
                 })
        {
            info.ArgumentList.Add(argument);
        }

        using var install = Process.Start(info) ?? throw new InvalidOperationException("Could not start mariadb-install-db.");
        var output = install.StandardOutput.ReadToEndAsync();
        var errors = install.StandardError.ReadToEndAsync();
        await install.WaitForExitAsync();
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"mariadb-install-db failed ({install.ExitCode}): {await errors}{await output}");
        }

        await File.WriteAllTextAsync(InitFile, $"""
            CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '{Password}';
            ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '{Password}';
            GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
            """);
    }

    private async Task StartProcessAsync(params string[] extraOptions)
    {
        var info = new ProcessStartInfo(serverBinary)
        {
            RedirectStandardOutput = false,
            RedirectStandardError = false,
        };
        foreach (var argument in new[]
                 {
                     "--no-defaults", $"--datadir={DataDirectory}", $"--socket={Path.Combine(directory, "mariadbd.sock")}",
                     $"--pid-file={Path.Combine(directory, "mariadbd.pid")}", $"--port={Port}", "--bind-address=127.0.0.1",
                     $"--user={Environment.UserName}", $"--init-file={InitFile}", $"--log-error={Path.Combine(directory, "error.log")}",
                     "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci", "--skip-name-resolve",
                     "--local-infile=1", "--max-connections=500", "--max-allowed-packet=64M",
                     "--innodb-buffer-pool-size=512M", "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0",
                     "--sync-binlog=0", "--skip-log-bin",
                 }.Concat(extraOptions))
        {
            info.ArgumentList.Add(argument);
        }

        process = Process.Start(info) ?? throw new InvalidOperationException("Could not start mariadbd.");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var connection = new MySqlConnection(AdminConnectionString + ";Pooling=false");
                await connection.OpenAsync();
                return;
            }
            catch (MySqlException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (MySqlException exception)
            {
                var log = File.Exists(Path.Combine(directory, "error.log"))
                    ? await File.ReadAllTextAsync(Path.Combine(directory, "error.log"))
                    : "(no error log)";
                throw new InvalidOperationException($"mariadbd did not accept connections: {exception.Message}\n{log}", exception);
            }
        }
    }

    private string DataDirectory => Path.Combine(directory, "data");

    private string InitFile => Path.Combine(directory, "init.sql");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindExecutable(string name)
    {
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : null;
        }

        var searchPath = (Environment.GetEnvironmentVariable("PATH") ?? "") + ":/usr/sbin:/usr/bin:/sbin";
        return searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }
}
