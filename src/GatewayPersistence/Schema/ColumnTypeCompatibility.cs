using System.Globalization;
using System.Text.RegularExpressions;

namespace GatewayPersistence.Schema;

/// <summary>
/// Decides whether an existing column can serve where the model expects another store type: same family and at least
/// the same capacity, so every value the library writes fits and every stored value reads back.
/// </summary>
internal static partial class ColumnTypeCompatibility
{
    private static readonly string[] IntegerTypes = ["tinyint", "smallint", "mediumint", "int", "bigint"];
    private static readonly string[] TextTypes = ["tinytext", "text", "mediumtext", "longtext"];

    /// <summary>Null when <paramref name="actual"/> can hold what <paramref name="expectedColumnType"/> holds; else the reason.</summary>
    public static string? Check(string expectedColumnType, LiveColumn actual)
    {
        var expected = expectedColumnType.ToLowerInvariant();
        var expectedBase = BaseType(expected);
        var actualBase = actual.DataType;

        if (Array.IndexOf(IntegerTypes, expectedBase) is var expectedRank and >= 0)
        {
            return Array.IndexOf(IntegerTypes, actualBase) >= expectedRank ? null : Mismatch(expected, actual);
        }

        if (Array.IndexOf(TextTypes, expectedBase) is var expectedTextRank and >= 0)
        {
            return Array.IndexOf(TextTypes, actualBase) >= expectedTextRank ? null : Mismatch(expected, actual);
        }

        switch (expectedBase)
        {
            case "varchar":
                return actualBase is "varchar" or "char" && Length(actual.ColumnType) >= Length(expected) ? null : Mismatch(expected, actual);
            case "json":
                // MariaDB stores JSON as LONGTEXT with a json_valid check.
                return actualBase is "json" or "longtext" ? null : Mismatch(expected, actual);
            case "decimal":
                var (precision, scale) = PrecisionAndScale(expected);
                var (actualPrecision, actualScale) = PrecisionAndScale(actual.ColumnType);
                return actualBase == "decimal" && actualScale == scale && actualPrecision - actualScale >= precision - scale
                    ? null
                    : Mismatch(expected, actual);
            case "enum":
                var missing = EnumValues(expected).Except(EnumValues(actual.ColumnType), StringComparer.OrdinalIgnoreCase).ToList();
                return actualBase == "enum" && missing.Count == 0 ? null : Mismatch(expected, actual);
            default:
                return actualBase == expectedBase ? null : Mismatch(expected, actual);
        }
    }

    private static string Mismatch(string expected, LiveColumn actual)
        => $"is {actual.ColumnType}, which cannot hold the model's {expected}";

    private static string BaseType(string columnType)
    {
        var end = columnType.IndexOfAny(['(', ' ']);
        return end < 0 ? columnType : columnType[..end];
    }

    private static int Length(string columnType)
        => LengthPattern().Match(columnType) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    private static (int Precision, int Scale) PrecisionAndScale(string columnType)
    {
        var match = DecimalPattern().Match(columnType);
        return match.Success
            ? (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : (10, 0);
    }

    private static IEnumerable<string> EnumValues(string columnType)
        => EnumValuePattern().Matches(columnType).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"\((\d+)\)")]
    private static partial Regex LengthPattern();

    [GeneratedRegex(@"\((\d+)\s*,\s*(\d+)\)")]
    private static partial Regex DecimalPattern();

    [GeneratedRegex(@"'((?:[^']|'')*)'")]
    private static partial Regex EnumValuePattern();
}
