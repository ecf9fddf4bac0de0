namespace GatewayPersistence.Repositories;

/// <summary>
/// Base of the errors a repository raises for a write the database (or its validation) refuses. Messages name tables
/// and columns, never values: a value may be a secret (a key, a password hash, an upstream API key). The provider's own
/// exception is deliberately not attached as <see cref="Exception.InnerException"/> because its message quotes the value.
/// </summary>
public abstract class RepositoryException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected RepositoryException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    protected RepositoryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    protected RepositoryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The column (or comma-separated columns) concerned, as named in the database, e.g. <c>key_value</c>.</summary>
    public string Field { get; protected init; } = "";

    /// <summary>The table concerned, e.g. <c>virtual_keys</c>.</summary>
    public string Table { get; protected init; } = "";
}
