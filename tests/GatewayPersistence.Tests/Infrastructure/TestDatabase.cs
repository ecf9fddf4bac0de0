using GatewayPersistence.DependencyInjection;

namespace GatewayPersistence.Tests.Infrastructure;

/// <summary>
/// A fresh database of its own for one test, dropped on dispose. <see cref="CreateMigratedAsync"/> applies every migration.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name)
    {
        Name = name;
        ConnectionString = new MySqlConnectionStringBuilder(TestDatabaseServer.AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Database name.</summary>
    public string Name { get; }

    /// <summary>Connection string to this database (admin user).</summary>
    public string ConnectionString { get; }

    /// <summary>Creates an empty database.</summary>
    public static async Task<TestDatabase> CreateEmptyAsync()
    {
        var database = new TestDatabase($"gw_test_{Guid.NewGuid():N}"[..30]);
        await ExecuteOnServerAsync($"CREATE DATABASE `{database.Name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return database;
    }

    /// <summary>Creates a database with every migration applied.</summary>
    public static async Task<TestDatabase> CreateMigratedAsync()
    {
        var database = await CreateEmptyAsync();
        await using var context = database.CreateContext();
        await context.Database.MigrateAsync();
        return database;
    }

    /// <summary>Options for a context on this database.</summary>
    public DbContextOptions<GatewayDbContext> ContextOptions
        => GatewayDbContextOptionsFactory.Create(ConnectionString, TestDatabaseServer.ServerVersion);

    /// <summary>A new context on this database.</summary>
    public GatewayDbContext CreateContext() => new(ContextOptions);

    /// <summary>An open connection to this database.</summary>
    public async Task<MySqlConnection> OpenConnectionAsync()
    {
        var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Runs SQL (one or more statements) against this database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a scalar query against this database.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = new MySqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS `{Name}`");
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new MySqlConnection(TestDatabaseServer.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
