using DotNet.Testcontainers.Builders;
using Testcontainers.MySql;

namespace GatewayPersistence.Tests.Infrastructure;

/// <summary>
/// The one MySQL-compatible server of a test run. In order of preference: the server named by
/// <c>GATEWAY_TEST_MYSQL</c>; a Testcontainers MySQL when a Docker engine answers; a throwaway <c>mariadbd</c>
/// started in a temp directory. Tests create their own databases on it (<see cref="TestDatabase"/>).
/// </summary>
public static class TestDatabaseServer
{
    /// <summary>Connection string of an existing server (with rights to create databases and users).</summary>
    public const string ConnectionStringVariable = "GATEWAY_TEST_MYSQL";

    private static MySqlContainer? container;
    private static LocalMariaDbServer? localServer;
    private static string? adminConnectionString;
    private static ServerVersion? serverVersion;

    /// <summary>Admin connection string without a database.</summary>
    public static string AdminConnectionString
        => adminConnectionString ?? throw new InvalidOperationException("The test database server has not started.");

    /// <summary>The server's version, detected once.</summary>
    public static ServerVersion ServerVersion
        => serverVersion ?? throw new InvalidOperationException("The test database server has not started.");

    /// <summary>Which kind of server this run uses (for messages).</summary>
    public static string Description { get; private set; } = "none";

    /// <summary>The local server when this run started one (tests that stop or reconfigure the server need it).</summary>
    public static LocalMariaDbServer? LocalServer => localServer;

    internal static async Task StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            adminConnectionString = WithoutDatabase(configured);
            Description = $"{ConnectionStringVariable}";
        }
        else if (await TryStartContainerAsync() is { } fromContainer)
        {
            adminConnectionString = fromContainer;
            Description = "Testcontainers mysql:8.0";
        }
        else
        {
            localServer = await LocalMariaDbServer.StartAsync();
            adminConnectionString = localServer.AdminConnectionString;
            Description = $"local mariadbd on port {localServer.Port}";
        }

        serverVersion = ServerVersion.AutoDetect(adminConnectionString);
        TestContext.Progress.WriteLine($"Test database server: {Description} ({serverVersion})");
    }

    internal static async Task StopAsync()
    {
        if (container is not null)
        {
            await container.DisposeAsync();
        }

        if (localServer is not null)
        {
            await localServer.DisposeAsync();
        }
    }

    private static async Task<string?> TryStartContainerAsync()
    {
        MySqlContainer candidate;
        try
        {
            // Build() already asks the Docker endpoint, so it belongs inside the fallback.
            candidate = new MySqlBuilder("mysql:8.0")
                .WithUsername("root")
                .WithPassword("gateway-test")
                .WithCommand("--local-infile=1", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci")
                .Build();
        }
        catch (DockerUnavailableException)
        {
            // No Docker engine on this machine: fall back to a local server. Any other start-up failure stays visible.
            return null;
        }

        await candidate.StartAsync();
        container = candidate;
        return WithoutDatabase(candidate.GetConnectionString());
    }

    private static string WithoutDatabase(string connectionString)
        => new MySqlConnectionStringBuilder(connectionString) { Database = "", AllowLoadLocalInfile = true }.ConnectionString;
}
