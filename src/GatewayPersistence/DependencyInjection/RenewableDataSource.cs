using System.Data.Common;
using MySqlConnector;

namespace GatewayPersistence.DependencyInjection;

/// <summary>
/// A <see cref="DbDataSource"/> over a <see cref="MySqlDataSource"/> whose pool can be emptied: <see cref="RenewAsync"/>
/// puts a new data source (a new, empty pool) in place, so every connection opened from then on is a new session.
/// </summary>
/// <remarks>
/// MySqlConnector gives a data source a pool of its own, which no public API clears: <c>MySqlConnection.ClearPoolAsync</c>
/// looks pools up by connection string among those of plain connections, where a data source's pool is not, so it
/// leaves this one as it is. A session keeps what the server decided when it started (database grants, the node it
/// reached), which is why the pool must really be emptied after an outage or a refused privilege. A retired data source
/// is disposed once <see cref="RetiredGrace"/> has passed (at a later renewal or at dispose), so a connection created
/// from it just before the renewal (an EF context's) still opens.
/// </remarks>
internal sealed class RenewableDataSource(string connectionString) : DbDataSource
{
    /// <summary>How long a retired data source stays usable for the connections already created from it.</summary>
    internal static readonly TimeSpan RetiredGrace = TimeSpan.FromMinutes(10);

    private readonly Lock sync = new();
    private readonly List<(MySqlDataSource DataSource, long RetiredAt)> retired = [];
    private MySqlDataSource current = new(connectionString);
    private long renewals;

    /// <inheritdoc />
    public override string ConnectionString => connectionString;

    /// <summary>How often the pool was emptied.</summary>
    public long Renewals => Interlocked.Read(ref renewals);

    /// <summary>A new, closed connection from the current pool.</summary>
    public new MySqlConnection CreateConnection() => Volatile.Read(ref current).CreateConnection();

    /// <summary>Empties the pool: connections opened from now on are new sessions; retired pools past their grace are disposed.</summary>
    public async Task RenewAsync()
    {
        List<MySqlDataSource> expired;
        lock (sync)
        {
            var now = Environment.TickCount64;
            retired.Add((Interlocked.Exchange(ref current, new MySqlDataSource(connectionString)), now));
            expired = [.. retired.Where(entry => now - entry.RetiredAt >= (long)RetiredGrace.TotalMilliseconds).Select(entry => entry.DataSource)];
            retired.RemoveAll(entry => expired.Contains(entry.DataSource));
        }

        Interlocked.Increment(ref renewals);
        foreach (var dataSource in expired)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override DbConnection CreateDbConnection() => CreateConnection();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var dataSource in TakeAll())
            {
                dataSource.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    protected override async ValueTask DisposeAsyncCore()
    {
        foreach (var dataSource in TakeAll())
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsyncCore().ConfigureAwait(false);
    }

    private List<MySqlDataSource> TakeAll()
    {
        lock (sync)
        {
            List<MySqlDataSource> all = [.. retired.Select(entry => entry.DataSource), current];
            retired.Clear();
            return all;
        }
    }
}
