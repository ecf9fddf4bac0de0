namespace GatewayPersistence.Schema;

/// <summary>
/// The database cannot be migrated or adopted as it is. Thrown before anything was changed; <see cref="Problems"/>
/// names each table and column at fault.
/// </summary>
public sealed class GatewaySchemaException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GatewaySchemaException(string message, IReadOnlyList<SchemaProblem> problems)
        : base(Describe(message, problems)) => Problems = problems;

    /// <summary>Creates the exception without problems.</summary>
    public GatewaySchemaException() : this("The database schema cannot be used.", []) { }

    /// <summary>Creates the exception without problems.</summary>
    public GatewaySchemaException(string message) : this(message, []) { }

    /// <summary>Creates the exception wrapping another.</summary>
    public GatewaySchemaException(string message, Exception innerException) : base(message, innerException) => Problems = [];

    /// <summary>Each table and column that blocks the migration.</summary>
    public IReadOnlyList<SchemaProblem> Problems { get; }

    private static string Describe(string message, IReadOnlyList<SchemaProblem> problems)
        => problems.Count == 0 ? message : message + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p));
}
