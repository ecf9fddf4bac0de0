using System.Data.Common;

namespace GatewayPersistence.Schema;

/// <summary>
/// The current database's tables (and their engines), columns (and their character sets) and indexes (names, columns,
/// uniqueness), read once from <c>information_schema</c>.
/// </summary>
internal sealed class LiveSchema
{
    private LiveSchema(
        IReadOnlyDictionary<string, Dictionary<string, LiveColumn>> columns, IReadOnlySet<(string Table, string Index)> indexes,
        IReadOnlyDictionary<string, string> engines, IReadOnlyList<LiveIndex> indexDetails)
    {
        Columns = columns;
        Indexes = indexes;
        Engines = engines;
        IndexDetails = indexDetails;
    }

    /// <summary>Storage engine by table (lower-cased; empty for a view).</summary>
    public IReadOnlyDictionary<string, string> Engines { get; }

    /// <summary>Every index with its columns.</summary>
    public IReadOnlyList<LiveIndex> IndexDetails { get; }

    /// <summary>The indexes of <paramref name="table"/>.</summary>
    public IEnumerable<LiveIndex> IndexesOf(string table)
        => IndexDetails.Where(index => string.Equals(index.Table, table, StringComparison.OrdinalIgnoreCase));

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
                SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, EXTRA, CHARACTER_SET_NAME
                FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var column = new LiveColumn(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2).ToLowerInvariant(),
                    reader.GetString(3).ToLowerInvariant(), reader.GetString(4) == "YES",
                    reader.GetString(5).Contains("GENERATED", StringComparison.OrdinalIgnoreCase),
                    reader.IsDBNull(6) ? null : reader.GetString(6).ToLowerInvariant());
                if (!columns.TryGetValue(column.Table, out var byName))
                {
                    columns[column.Table] = byName = new Dictionary<string, LiveColumn>(StringComparer.OrdinalIgnoreCase);
                }

                byName[column.Name] = column;
            }
        }

        var indexes = new HashSet<(string, string)>();
        var indexColumns = new Dictionary<(string Table, string Index), (List<string> Columns, bool Unique)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME, NON_UNIQUE FROM information_schema.STATISTICS
                WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (reader.GetString(0), reader.GetString(1));
                indexes.Add((key.Item1.ToLowerInvariant(), key.Item2.ToLowerInvariant()));
                if (!indexColumns.TryGetValue(key, out var entry))
                {
                    indexColumns[key] = entry = ([], Convert.ToInt64(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture) == 0);
                }

                entry.Columns.Add(reader.GetString(2));
            }
        }

        var engines = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                engines[reader.GetString(0)] = reader.IsDBNull(1) ? "" : reader.GetString(1).ToLowerInvariant();
            }
        }

        var details = indexColumns.Select(pair => new LiveIndex(pair.Key.Table, pair.Key.Index, pair.Value.Columns, pair.Value.Unique)).ToList();
        return new LiveSchema(columns, indexes, engines, details);
    }
}
