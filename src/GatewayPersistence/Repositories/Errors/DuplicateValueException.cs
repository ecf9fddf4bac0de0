namespace GatewayPersistence.Repositories;

/// <summary>
/// A write would have duplicated a unique value (MySQL error 1062): a username, a key value or hash, or an id.
/// <see cref="RepositoryException.Field"/> names the conflicting column; the value itself is never in the message.
/// </summary>
public sealed class DuplicateValueException : RepositoryException
{
    /// <summary>Creates the exception for a duplicate in <paramref name="field"/> of <paramref name="table"/>.</summary>
    public DuplicateValueException(string table, string field)
        : base($"A row of '{table}' already has this {field}.")
    {
        Table = table;
        Field = field;
    }

    /// <summary>Creates the exception.</summary>
    public DuplicateValueException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DuplicateValueException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public DuplicateValueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
