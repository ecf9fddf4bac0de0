namespace GatewayPersistence.Schema;

/// <summary>A column as <c>information_schema</c> describes it (character set lower-cased; null for a non-text column).</summary>
internal sealed record LiveColumn(
    string Table, string Name, string DataType, string ColumnType, bool IsNullable, bool IsGenerated, string? CharacterSet = null);
