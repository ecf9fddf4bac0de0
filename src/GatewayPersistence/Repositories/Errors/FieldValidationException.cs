namespace GatewayPersistence.Repositories;

/// <summary>
/// A value was refused before it reached the database: a required field set to null, or a number outside its
/// column's range. <see cref="RepositoryException.Field"/> names the column; the value is never in the message.
/// </summary>
public class FieldValidationException : RepositoryException
{
    /// <summary>Creates the exception for <paramref name="field"/> of <paramref name="table"/>.</summary>
    /// <param name="table">Table of the column.</param>
    /// <param name="field">Column name.</param>
    /// <param name="problem">What is wrong, without the value (e.g. "is required").</param>
    public FieldValidationException(string table, string field, string problem)
        : base($"The {field} of '{table}' {problem}.")
    {
        Table = table;
        Field = field;
    }

    /// <summary>Creates the exception.</summary>
    public FieldValidationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public FieldValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public FieldValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
