namespace GatewayPersistence.Repositories;

/// <summary>
/// A string does not fit its column: more than n characters (code points) for <c>VARCHAR(n)</c>, more than
/// 65,535 bytes of UTF-8 for <c>TEXT</c>, more than 16,777,215 for <c>MEDIUMTEXT</c>. Raised before the database is
/// asked, so the provider's "Data too long" never surfaces.
/// </summary>
public sealed class ValueTooLongException : FieldValidationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="table">Table of the column.</param>
    /// <param name="field">Column name.</param>
    /// <param name="limit">The column's capacity.</param>
    /// <param name="unit"><c>characters</c> or <c>bytes</c>.</param>
    public ValueTooLongException(string table, string field, int limit, string unit)
        : base(table, field, $"is too long: the column holds at most {limit} {unit}")
    {
        Limit = limit;
        Unit = unit;
    }

    /// <summary>Creates the exception.</summary>
    public ValueTooLongException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ValueTooLongException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ValueTooLongException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The column's capacity, in <see cref="Unit"/>.</summary>
    public int Limit { get; }

    /// <summary><c>characters</c> (VARCHAR) or <c>bytes</c> (TEXT family).</summary>
    public string Unit { get; } = "";
}
