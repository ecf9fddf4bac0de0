using Microsoft.Extensions.Options;
using MySqlConnector;

namespace GatewayPersistence.DependencyInjection;

/// <summary>
/// The server version, configured or detected once per process (detection is a round trip). Only a detected version
/// is kept: while the server cannot be asked, each use tries again (at most once per <see cref="RetryInterval"/>) and
/// fails with <see cref="GatewayDatabaseUnavailableException"/>, so the host starts and the operation, not the process,
/// fails. When only the configured database is missing (error 1049), the version is read from the server without it.
/// </summary>
internal sealed class GatewayServerVersionProvider(IOptions<GatewayPersistenceOptions> options, GatewayDataSource dataSource)
{
    /// <summary>Shortest time between two detection attempts (each may wait for a connect timeout).</summary>
    internal static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    private readonly Lock sync = new();
    private ServerVersion? serverVersion;
    private GatewayDatabaseUnavailableException? lastFailure;
    private long lastFailureAt;

    /// <summary>Whether the version is at hand without asking the server (configured, or detected already).</summary>
    public bool IsKnown => Volatile.Read(ref serverVersion) is not null || !string.IsNullOrWhiteSpace(options.Value.ServerVersion);

    /// <summary>The version; throws <see cref="GatewayDatabaseUnavailableException"/> while it cannot be detected.</summary>
    public ServerVersion ServerVersion
    {
        get
        {
            if (Volatile.Read(ref serverVersion) is { } known)
            {
                return known;
            }

            lock (sync)
            {
                if (serverVersion is not null)
                {
                    return serverVersion;
                }

                if (lastFailure is not null && Environment.TickCount64 - lastFailureAt < (long)RetryInterval.TotalMilliseconds)
                {
                    throw lastFailure;
                }

                try
                {
                    Volatile.Write(ref serverVersion, Detect());
                    lastFailure = null;
                    return serverVersion!;
                }
                catch (MySqlException exception)
                {
                    lastFailureAt = Environment.TickCount64;
                    lastFailure = new GatewayDatabaseUnavailableException(
                        "The gateway database's server version could not be detected, so the database cannot be used yet (it is tried " +
                        $"again on the next use). Set GatewayPersistence:ServerVersion to start without asking the server. {exception.Message}",
                        exception);
                    throw lastFailure;
                }
            }
        }
    }

    private ServerVersion Detect()
    {
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.ServerVersion))
        {
            return ServerVersion.Parse(settings.ServerVersion);
        }

        // On a connection rather than the data source: Pomelo then asks the server without the database name, so a
        // database not created yet (error 1049, a migration will create it) does not keep the version from being read.
        using var connection = dataSource.CreateConnection();
        return ServerVersion.AutoDetect(connection);
    }
}
