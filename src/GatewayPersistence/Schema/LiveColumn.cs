namespace GatewayPersistence.Schema;

/// <summary>A column as <c>information_schema</c> describes it.</summary>
internal sealed record LiveColumn(string Table, string Name, string DataType, string ColumnType, bool IsNullable, bool IsGenerated);
