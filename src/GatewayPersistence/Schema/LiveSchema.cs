using System.Data.Common;

namespace GatewayPersistence.Schema;

/// <summary>The current database's tables, columns and index names, read once from <c>information_schema</c>.</summary>
internal sealed class LiveSchema
{
    private LiveSchema(
        IReadOnlyDictionary<string, Dictionary<string, LiveColumn>> columns, IReadOnlySet<(string Table, string Index)> indexes)
    {
        Columns = columns;
        Indexes = indexes;
    }

    /// <summary>Columns by table, then by column name (case-insensitive, as MySQL compares identifiers here).</summary>
    public IReadOnlyDictionary<string, Dictionary<string, LiveColumn>> Columns { get; }

    /// <summary>(table, index name) pairs, lower-cased.</summary>
    public IReadOnlySet<(string Table, string Index)> Indexes { get; }

    public bool HasTable(string table) => Columns.ContainsKey(table);

    public LiveColumn? FindColumn(string table, string column)
        => Columns.TryGetValue(table, out var byName) && byName.TryGetValue(column, out var found) ? found : null;

    public bool HasIndex(string table, string index) => Indexes.Contains((table.ToLowerInvariant(), index.ToLowerInvariant()));

    public static async Task<LiveSchema> ReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var columns = new Dictionary<string, Dictionary<string, LiveColumn>>(StringComparer.OrdinalIgnoreCase);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, EXTRA
                FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var column = new LiveColumn(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2).ToLowerInvariant(),
                    reader.GetString(3).ToLowerInvariant(), reader.GetString(4) == "YES",
                    reader.GetString(5).Contains("GENERATED", StringComparison.OrdinalIgnoreCase));
                if (!columns.TryGetValue(column.Table, out var byName))
                {
                    columns[column.Table] = byName = new Dictionary<string, LiveColumn>(StringComparer.OrdinalIgnoreCase);
                }

                byName[column.Name] = column;
            }
        }

        var indexes = new HashSet<(string, string)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT DISTINCT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                indexes.Add((reader.GetString(0).ToLowerInvariant(), reader.GetString(1).ToLowerInvariant()));
            }
        }

        return new LiveSchema(columns, indexes);
    }
}
