using System.Data.Common;
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
/// (a stream given to <see cref="MySqlBulkLoader"/>: the driver sends only a stream it was given, never a file the server
/// names, unless the server's certificate is verified); the server setting <c>local_infile</c>
/// still decides, and the log falls back to INSERT when it is off. The pool is the
/// <see cref="RenewableDataSource"/>'s, so <see cref="ClearPoolAsync"/> really empties it.
/// </remarks>
internal sealed class GatewayDataSource : IAsyncDisposable, IDisposable
{
    private readonly Lazy<RenewableDataSource> dataSource;

    public GatewayDataSource(IOptions<GatewayPersistenceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        dataSource = new Lazy<RenewableDataSource>(() => new RenewableDataSource(NormalizedConnectionString(options.Value.ConnectionString
            ?? throw new InvalidOperationException("GatewayPersistence needs a connection string."))));
    }

    /// <summary>
    /// A data source on <paramref name="connectionString"/> normalised the way every connection of the library is (the
    /// read replica's too).
    /// </summary>
    internal static MySqlDataSource Build(string connectionString) => new(NormalizedConnectionString(connectionString));

    /// <summary>The connection string every connection of the library uses (see <see cref="Build"/>).</summary>
    internal static string NormalizedConnectionString(string connectionString)
    {
        var builder = new MySqlConnectionStringBuilder(GatewayDbContextOptionsFactory.NormalizeConnectionString(connectionString))
        {
            AllowLoadLocalInfile = true,
            // A pooled connection starts from a clean session: the request-log writes change session variables
            // (wait_timeout, foreign_key_checks) and leave the reset to the pool when a write fails half-way.
            ConnectionReset = true,
            // Pomelo refuses a data source without these (it sets them itself only on connection strings it is given).
            AllowUserVariables = true,
            UseAffectedRows = false,
        };
        return builder.ConnectionString;
    }

    /// <summary>The data source EF Core and the raw paths share (its pool is emptied by <see cref="ClearPoolAsync"/>).</summary>
    public DbDataSource DataSource => dataSource.Value;

    /// <summary>How often the pool was emptied.</summary>
    internal long PoolClears => dataSource.IsValueCreated ? dataSource.Value.Renewals : 0;

    /// <summary>A new, closed connection from the pool.</summary>
    public MySqlConnection CreateConnection() => dataSource.Value.CreateConnection();

    /// <summary>An open connection from the pool.</summary>
    public async ValueTask<MySqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Empties the pool: its sessions may point at a server that went away, or hold the grants they started with (one
    /// opened while INSERT was revoked refuses for good after the GRANT). Connections opened afterwards are new sessions.
    /// </summary>
    public Task ClearPoolAsync() => dataSource.IsValueCreated ? dataSource.Value.RenewAsync() : Task.CompletedTask;

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
