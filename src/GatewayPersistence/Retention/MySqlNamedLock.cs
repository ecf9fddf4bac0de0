using GatewayPersistence.DependencyInjection;
using MySqlConnector;

namespace GatewayPersistence.Retention;

/// <summary>
/// <see cref="IExclusiveLock"/> as a MySQL named lock (<c>GET_LOCK</c>) held by a connection of its own for as long as
/// the handle lives. The name is scoped to the current database (locks are server-wide), so two gateways on one server
/// with different databases do not exclude each other. Not cluster-safe: a replica promoted after a failover does not
/// know the lock.
/// </summary>
internal sealed class MySqlNamedLock(GatewayDataSource dataSource) : IExclusiveLock
{
    // GET_LOCK names are at most 64 characters: the database name can be that long, so a hash keeps it unique.
    private const string LockNameSql = "CONCAT('gw:', @name, ':', LEFT(SHA2(DATABASE(), 256), 32))";

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new MySqlCommand($"SELECT GET_LOCK({LockNameSql}, 0)", connection);
            command.Parameters.AddWithValue("@name", name);
            var acquired = await command.ExecuteScalarAsync(cancellationToken);
            if (acquired is null or DBNull || Convert.ToInt64(acquired, System.Globalization.CultureInfo.InvariantCulture) != 1)
            {
                await connection.DisposeAsync();
                return null;
            }

            return new Handle(connection, name);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Handle(MySqlConnection connection, string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new MySqlCommand($"DO RELEASE_LOCK({LockNameSql})", connection);
                command.Parameters.AddWithValue("@name", name);
                await command.ExecuteNonQueryAsync();
            }
            catch (MySqlException)
            {
                // The session is gone or broken: the server released the lock with it.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
