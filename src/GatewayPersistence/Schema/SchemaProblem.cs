namespace GatewayPersistence.Schema;

/// <summary>One reason a table or column cannot be adopted.</summary>
/// <param name="Table">Table name.</param>
/// <param name="Column">Column name, or null when the problem concerns the table.</param>
/// <param name="Reason">What is wrong, and what the model expects.</param>
public sealed record SchemaProblem(string Table, string? Column, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => Column is null ? $"{Table}: {Reason}" : $"{Table}.{Column}: {Reason}";
}
