using GatewayPersistence.DependencyInjection;

namespace GatewayPersistence.Tests.Infrastructure;

/// <summary>
/// A fresh database of its own for one test on a multi-server setup (a Galera cluster or a primary with its replica),
/// created through one server and dropped through it on dispose; replication brings both to the others. Like
/// <see cref="TestDatabase"/>, but the server to talk to is chosen per call: pass any server's admin connection string.
/// </summary>
internal sealed class ClusterTestDatabase : IAsyncDisposable
{
    private readonly string creatorConnectionString;

    private ClusterTestDatabase(string name, string creatorConnectionString, ServerVersion serverVersion)
    {
        Name = name;
        this.creatorConnectionString = creatorConnectionString;
        ServerVersion = serverVersion;
    }

    /// <summary>Database name.</summary>
    public string Name { get; }

    /// <summary>The servers' version.</summary>
    public ServerVersion ServerVersion { get; }

    /// <summary>Creates an empty database through the server of <paramref name="creatorConnectionString"/>.</summary>
    public static async Task<ClusterTestDatabase> CreateEmptyAsync(string creatorConnectionString, ServerVersion serverVersion)
    {
        var database = new ClusterTestDatabase($"gw_test_{Guid.NewGuid():N}"[..30], creatorConnectionString, serverVersion);
        await ExecuteOnServerAsync(creatorConnectionString, $"CREATE DATABASE `{database.Name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return database;
    }

    /// <summary>Creates a database with every migration applied through the creating server.</summary>
    public static async Task<ClusterTestDatabase> CreateMigratedAsync(string creatorConnectionString, ServerVersion serverVersion)
    {
        var database = await CreateEmptyAsync(creatorConnectionString, serverVersion);
        await using var context = database.CreateContext(creatorConnectionString);
        await context.Database.MigrateAsync();
        return database;
    }

    /// <summary>The connection string of one server (or of several, for a multi-host string) with this database.</summary>
    public string ConnectionString(string serverConnectionString)
        => new MySqlConnectionStringBuilder(serverConnectionString) { Database = Name }.ConnectionString;

    /// <summary>Options for a context on this database through the given server(s).</summary>
    public DbContextOptions<GatewayDbContext> ContextOptions(string serverConnectionString)
        => GatewayDbContextOptionsFactory.Create(ConnectionString(serverConnectionString), ServerVersion);

    /// <summary>A new context on this database through the given server(s).</summary>
    public GatewayDbContext CreateContext(string serverConnectionString) => new(ContextOptions(serverConnectionString));

    /// <summary>An open connection to this database through the given server(s).</summary>
    public async Task<MySqlConnection> OpenConnectionAsync(string serverConnectionString)
    {
        var connection = new MySqlConnection(ConnectionString(serverConnectionString));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Runs SQL (one or more statements) against this database on the given server.</summary>
    public async Task ExecuteAsync(string serverConnectionString, string sql)
    {
        await using var connection = await OpenConnectionAsync(serverConnectionString);
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a scalar query against this database on the given server.</summary>
    public async Task<T> ScalarAsync<T>(string serverConnectionString, string sql)
    {
        await using var connection = await OpenConnectionAsync(serverConnectionString);
        await using var command = new MySqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        await ExecuteOnServerAsync(creatorConnectionString, $"DROP DATABASE IF EXISTS `{Name}`");
    }

    private static async Task ExecuteOnServerAsync(string serverConnectionString, string sql)
    {
        await using var connection = new MySqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
