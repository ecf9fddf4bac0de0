namespace GatewayPersistence.Schema;

/// <summary>An index as <c>information_schema.STATISTICS</c> describes it: its columns in order, and whether it is unique.</summary>
internal sealed record LiveIndex(string Table, string Name, IReadOnlyList<string> Columns, bool IsUnique)
{
    public bool IsPrimaryKey => string.Equals(Name, "PRIMARY", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the index covers exactly <paramref name="columns"/> (in any order: uniqueness does not depend on it).</summary>
    public bool HasColumns(IEnumerable<string> columns)
        => Columns.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(columns.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
}
