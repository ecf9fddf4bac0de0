using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GatewayPersistence.EntityConfigurations;

/// <summary>Column conventions of the legacy schema, shared by every entity configuration.</summary>
internal static class PropertyBuilderExtensions
{
    /// <summary>The default the legacy schema gives <c>created_at</c> on its older tables.</summary>
    public const string EpochMillisecondsNowSql = "(UNIX_TIMESTAMP() * 1000)";

    /// <summary>A BIGINT epoch-millisecond timestamp column.</summary>
    public static PropertyBuilder<DateTimeOffset> HasEpochMillisecondsColumn(
        this PropertyBuilder<DateTimeOffset> property, string column)
        => property.HasColumnName(column).HasColumnType("bigint").HasConversion<EpochMillisecondsConverter>().IsRequired();

    /// <summary>A <c>VARCHAR(length)</c> column (utf8mb4: <paramref name="length"/> characters).</summary>
    public static PropertyBuilder<TProperty> HasVarcharColumn<TProperty>(this PropertyBuilder<TProperty> property, string column, int length)
        => property.HasColumnName(column).HasColumnType($"varchar({length})").HasMaxLength(length);

    /// <summary>A TEXT-family column (<c>text</c>, <c>mediumtext</c>, <c>json</c>).</summary>
    public static PropertyBuilder<TProperty> HasTextColumn<TProperty>(
        this PropertyBuilder<TProperty> property, string column, string type = "text")
        => property.HasColumnName(column).HasColumnType(type);

    /// <summary>
    /// A column with a database default that the application still always writes: the default serves rows
    /// inserted by other writers (the legacy gateway), while EF never mistakes <c>false</c> or <c>0</c> for "not set".
    /// </summary>
    public static PropertyBuilder<TProperty> HasStoreDefault<TProperty>(this PropertyBuilder<TProperty> property, object value)
        => property.HasDefaultValue(value).ValueGeneratedNever();

    /// <summary>
    /// A legacy <c>TINYINT DEFAULT n</c> flag. The column is nullable in every legacy database; EF cannot mark a
    /// <see cref="bool"/> property optional (efcore#24685), so the initial migration declares these columns nullable by
    /// hand, we always write a value, and adoption refuses a database holding a NULL flag (see Schema/).
    /// </summary>
    public static PropertyBuilder<bool> HasFlagColumn(this PropertyBuilder<bool> property, string column, bool defaultValue)
        => property.HasColumnName(column).HasColumnType("tinyint(1)").HasDefaultValue(defaultValue).ValueGeneratedNever();

    /// <summary>The <c>created_at</c> column of the tables whose legacy default is the insert time.</summary>
    public static PropertyBuilder<DateTimeOffset> HasCreatedAtDefaultingToNow(this PropertyBuilder<DateTimeOffset> property)
        => property.HasEpochMillisecondsColumn("created_at").HasDefaultValueSql(EpochMillisecondsNowSql).ValueGeneratedNever();
}
