using System.Globalization;
using GatewayPersistence.Text;
using Microsoft.EntityFrameworkCore.Metadata;

namespace GatewayPersistence.Repositories;

/// <summary>
/// Checks values against their column before a write, from the EF model (column type, length, precision, nullability),
/// so an oversized string fails with <see cref="ValueTooLongException"/> instead of the provider's "Data too long".
/// </summary>
internal static class ColumnRules
{
    /// <summary>Capacity of a <c>TEXT</c> column in bytes.</summary>
    public const int TextBytes = 65_535;

    /// <summary>Capacity of a <c>MEDIUMTEXT</c> column in bytes.</summary>
    public const int MediumTextBytes = 16_777_215;

    /// <summary>Validates every mapped property of <paramref name="entity"/> (used before an insert).</summary>
    public static void ValidateEntity(IEntityType entityType, object entity)
    {
        foreach (var property in entityType.GetProperties())
        {
            if (property.ValueGenerated == ValueGenerated.OnAddOrUpdate || property.PropertyInfo is null)
            {
                continue; // computed columns are never written
            }

            Validate(property, property.GetGetter().GetClrValue(entity));
        }
    }

    /// <summary>Validates one value for <paramref name="property"/>'s column.</summary>
    public static void Validate(IProperty property, object? value)
    {
        switch (value)
        {
            case null when !property.IsNullable:
                throw new FieldValidationException(TableOf(property), property.GetColumnName(), "is required");
            case string text:
                ValidateString(property, text);
                break;
            case decimal number:
                ValidateDecimal(property, number);
                break;
        }
    }

    private static void ValidateString(IProperty property, string text)
    {
        var columnType = (property.GetColumnType() ?? "").ToUpperInvariant();
        if (columnType.StartsWith("VARCHAR", StringComparison.Ordinal) || columnType.StartsWith("CHAR", StringComparison.Ordinal))
        {
            var maxCharacters = property.GetMaxLength() ?? int.MaxValue;
            // A UTF-16 string never has more code points than units: skip the count when it cannot exceed.
            if (text.Length > maxCharacters && Utf8Text.CharacterCount(text) > maxCharacters)
            {
                throw new ValueTooLongException(TableOf(property), property.GetColumnName(), maxCharacters, "characters");
            }

            return;
        }

        var maxBytes = columnType switch
        {
            "TINYTEXT" => 255,
            "TEXT" => TextBytes,
            "MEDIUMTEXT" => MediumTextBytes,
            _ => (int?)null, // LONGTEXT and JSON: bounded by the server's max_allowed_packet only
        };
        if (maxBytes is { } limit && text.Length > limit / 3 && Utf8Text.ByteCount(text) > limit)
        {
            throw new ValueTooLongException(TableOf(property), property.GetColumnName(), limit, "bytes");
        }
    }

    private static void ValidateDecimal(IProperty property, decimal number)
    {
        if (property.GetPrecision() is not { } precision)
        {
            return;
        }

        var scale = property.GetScale() ?? 0;
        var largest = (decimal)Math.Pow(10, precision - scale) - (decimal)Math.Pow(10, -scale);
        // MySQL rounds extra decimals to the column's scale; only what is still out of range after that is refused.
        if (Math.Abs(Math.Round(number, scale, MidpointRounding.AwayFromZero)) > largest)
        {
            throw new FieldValidationException(TableOf(property), property.GetColumnName(),
                $"is out of range: the column holds -{largest.ToString(CultureInfo.InvariantCulture)} to {largest.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static string TableOf(IProperty property) => property.DeclaringType.GetTableName() ?? property.DeclaringType.DisplayName();
}
