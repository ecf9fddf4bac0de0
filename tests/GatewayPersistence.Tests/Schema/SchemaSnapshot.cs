using System.Text.RegularExpressions;

namespace GatewayPersistence.Tests.Schema;

/// <summary>
/// A database schema as a set of comparable lines (<c>table: column type NOT NULL DEFAULT x</c>, indexes, foreign
/// keys), read either from the spec text or from <c>information_schema</c>, normalised across MySQL and MariaDB.
/// </summary>
internal static partial class SchemaSnapshot
{
    public static SortedSet<string> FromSpec(string text, IEnumerable<string>? onlyTables = null)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        string? table = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (!raw.StartsWith(' '))
            {
                table = line;
                continue;
            }

            lines.Add(Normalize($"{table}: {line}"));
        }

        return onlyTables is null ? lines : new SortedSet<string>(lines.Where(l => onlyTables.Any(t => l.StartsWith(t + ":", StringComparison.Ordinal))), StringComparer.Ordinal);
    }

    public static async Task<SortedSet<string>> FromDatabaseAsync(MySqlConnection connection, IEnumerable<string> tables)
    {
        var wanted = tables.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var lines = new SortedSet<string>(StringComparer.Ordinal);

        await using (var command = new MySqlCommand("""
            SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA
            FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                if (!wanted.Contains(reader.GetString(0)))
                {
                    continue;
                }

                var type = NormalizeType(reader.GetString(2));
                var extra = reader.GetString(5);
                var line = $"{reader.GetString(0)}: {reader.GetString(1)} {type}";
                if (reader.GetString(3) == "NO")
                {
                    line += " NOT NULL";
                }

                if (extra.Contains("GENERATED", StringComparison.OrdinalIgnoreCase) && !extra.Contains("DEFAULT_GENERATED", StringComparison.OrdinalIgnoreCase))
                {
                    line += " GENERATED";
                }
                else if (NormalizeDefault(reader.IsDBNull(4) ? null : reader.GetString(4)) is { } defaultValue)
                {
                    line += " DEFAULT " + defaultValue;
                }

                lines.Add(Normalize(line));
            }
        }

        await using (var command = new MySqlCommand("""
            SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE,
                   GROUP_CONCAT(CONCAT(COLUMN_NAME, IF(SUB_PART IS NULL, '', CONCAT(':', SUB_PART))) ORDER BY SEQ_IN_INDEX SEPARATOR ', ')
            FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
            GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                if (!wanted.Contains(reader.GetString(0)))
                {
                    continue;
                }

                var name = reader.GetString(1);
                var kind = name == "PRIMARY" ? "PRIMARY" : Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture) == 0 ? "UNIQUE " + name : "INDEX " + name;
                lines.Add(Normalize($"{reader.GetString(0)}: {kind} ({reader.GetString(3)})"));
            }
        }

        await using (var command = new MySqlCommand("""
            SELECT k.TABLE_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.DELETE_RULE
            FROM information_schema.KEY_COLUMN_USAGE k
            JOIN information_schema.REFERENTIAL_CONSTRAINTS r
              ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
            WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                if (!wanted.Contains(reader.GetString(0)))
                {
                    continue;
                }

                lines.Add(Normalize($"{reader.GetString(0)}: FK {reader.GetString(1)} -> {reader.GetString(2)}({reader.GetString(3)}) {reader.GetString(4)}"));
            }
        }

        return lines;
    }

    private static string Normalize(string line) => Whitespace().Replace(line, " ").Trim();

    private static string NormalizeType(string columnType)
    {
        var type = columnType.ToLowerInvariant();
        // Display widths (int(11), tinyint(1)) are cosmetic and differ between servers and legacy scripts.
        type = IntegerWidth().Replace(type, "$1");
        // MariaDB stores JSON as LONGTEXT with a json_valid check; callers that care check the constraint.
        return type == "longtext" ? "json" : type;
    }

    private static string? NormalizeDefault(string? value)
    {
        if (value is null || value == "NULL")
        {
            return null;
        }

        var normalized = value.Trim();
        while (normalized.StartsWith('(') && normalized.EndsWith(')'))
        {
            normalized = normalized[1..^1];
        }

        normalized = normalized.Trim('\'');
        return normalized.Replace(" ", "", StringComparison.Ordinal).Equals("unix_timestamp()*1000", StringComparison.OrdinalIgnoreCase)
            ? "now"
            : normalized;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\b(tinyint|smallint|mediumint|int|bigint)\(\d+\)")]
    private static partial Regex IntegerWidth();
}
