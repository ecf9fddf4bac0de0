namespace GatewayPersistence.Repositories;

/// <summary>
/// A write refers to a row that does not exist (foreign-key violation, MySQL error 1452), e.g. a model whose
/// <c>provider_id</c> names no provider. <see cref="RepositoryException.Field"/> names the referencing column.
/// </summary>
public sealed class MissingReferenceException : RepositoryException
{
    /// <summary>Creates the exception for the reference <paramref name="field"/> of <paramref name="table"/>.</summary>
    public MissingReferenceException(string table, string field, string? referencedTable)
        : base($"The {field} of this '{table}' row refers to no row of '{referencedTable ?? "the referenced table"}'.")
    {
        Table = table;
        Field = field;
        ReferencedTable = referencedTable;
    }

    /// <summary>Creates the exception.</summary>
    public MissingReferenceException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MissingReferenceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public MissingReferenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The table the reference points to, when known (e.g. <c>providers</c>).</summary>
    public string? ReferencedTable { get; }
}
