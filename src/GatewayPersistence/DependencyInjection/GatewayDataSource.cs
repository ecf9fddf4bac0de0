using Microsoft.Extensions.Options;
using MySqlConnector;

namespace GatewayPersistence.DependencyInjection;

/// <summary>
/// The one <see cref="MySqlDataSource"/> of the library: EF Core's contexts and the raw MySqlConnector paths (request-log
/// writes, health probe, migration lock) all take their connections from it, so they share one pool and one
/// normalised connection string.
/// </summary>
/// <remarks>
/// <c>AllowLoadLocalInfile</c> is on because the request log streams batches with <c>LOAD DATA LOCAL</c>
/// (<see cref="MySqlBulkCopy"/>, which sends only the stream it is given); the server setting <c>local_infile</c>
/// still decides, and the log falls back to INSERT when it is off.
/// </remarks>
internal sealed class GatewayDataSource : IAsyncDisposable, IDisposable
{
    private readonly Lazy<MySqlDataSource> dataSource;

    public GatewayDataSource(IOptions<GatewayPersistenceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        dataSource = new Lazy<MySqlDataSource>(() => Build(options.Value.ConnectionString
            ?? throw new InvalidOperationException("GatewayPersistence needs a connection string.")));
    }

    /// <summary>
    /// A data source on <paramref name="connectionString"/> normalised the way every connection of the library is (the
    /// read replica's too).
    /// </summary>
    internal static MySqlDataSource Build(string connectionString)
    {
        var builder = new MySqlConnectionStringBuilder(GatewayDbContextOptionsFactory.NormalizeConnectionString(connectionString))
        {
            AllowLoadLocalInfile = true,
            // Pomelo refuses a data source without these (it sets them itself only on connection strings it is given).
            AllowUserVariables = true,
            UseAffectedRows = false,
        };
        return new MySqlDataSource(builder.ConnectionString);
    }

    public MySqlDataSource DataSource => dataSource.Value;

    /// <summary>A new, closed connection from the pool.</summary>
    public MySqlConnection CreateConnection() => DataSource.CreateConnection();

    /// <summary>An open connection from the pool.</summary>
    public async ValueTask<MySqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = DataSource.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (connection.Database is { Length: > 0 } database)
            {
                // A pooled connection keeps the database-level grants it started with (the server re-reads them at USE):
                // one opened while INSERT was revoked would refuse for good after the GRANT. One round trip.
                await connection.ChangeDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Empties the pool (its connections may point at a server that went away).</summary>
    public async Task ClearPoolAsync()
    {
        await using var connection = DataSource.CreateConnection();
        await MySqlConnection.ClearPoolAsync(connection).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (dataSource.IsValueCreated)
        {
            dataSource.Value.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (dataSource.IsValueCreated)
        {
            await dataSource.Value.DisposeAsync().ConfigureAwait(false);
        }
    }
}
