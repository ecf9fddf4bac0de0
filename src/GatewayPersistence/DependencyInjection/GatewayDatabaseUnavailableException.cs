namespace GatewayPersistence.DependencyInjection;

/// <summary>
/// The gateway database could not be used for an operation that needs it: its server version could not be detected
/// (the server is down, refuses the login, or the configured database is missing and the server cannot be asked
/// either). Nothing was written; the request log keeps journaling and retries on its own. Set
/// <c>GatewayPersistence:ServerVersion</c> to start without asking the server.
/// </summary>
public sealed class GatewayDatabaseUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GatewayDatabaseUnavailableException()
        : this("The gateway database is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What could not be done.</param>
    public GatewayDatabaseUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the server's error (whose message names host and user, never the password).</summary>
    /// <param name="message">What could not be done.</param>
    /// <param name="innerException">The connector's error.</param>
    public GatewayDatabaseUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
