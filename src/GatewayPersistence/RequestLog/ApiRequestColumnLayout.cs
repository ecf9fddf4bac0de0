using GatewayPersistence.Rollups;
using GatewayPersistence.Sql;
using GatewayPersistence.Text;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// The column layout of <c>api_requests</c> as the pipeline writes it: table and column names from the EF model (never
/// from input), their kinds and limits, the foreign keys, the columns to send (a generated <c>total_tokens</c> is left out; a plain one, as adopted older databases have
/// it, is written), the string bounds, and the byte budget a batch may not exceed.
/// </summary>
internal sealed class ApiRequestColumnLayout
{
    /// <summary>Margin left for the statement text, per-value separators and the non-text columns.</summary>
    private const int RowReserveBytes = 256 * 1024;

    private ApiRequestColumnLayout(
        string tableName, string quotedTableName, IReadOnlyList<string> quotedColumnNames, IReadOnlyList<ApiRequestColumn> columns, IReadOnlyList<ApiRequestForeignKey> foreignKeys,
        int batchByteCap, int bodyByteLimit, bool writesTotalTokens)
    {
        TableName = tableName;
        QuotedTableName = quotedTableName;
        QuotedColumnNames = quotedColumnNames;
        Columns = columns;
        ForeignKeys = foreignKeys;
        BatchByteCap = batchByteCap;
        BodyByteLimit = bodyByteLimit;
        WritesTotalTokens = writesTotalTokens;
        IdColumnIndex = columns.Select((column, index) => (column, index)).Single(pair => pair.column.IsPrimaryKey).index;
        QuotedIdColumnName = quotedColumnNames[IdColumnIndex];
        rollupRows = new RollupRowReader(columns.Select(column => column.PropertyName).ToList());
    }

    private readonly RollupRowReader rollupRows;

    public string TableName { get; }

    /// <summary>The table name quoted for statements.</summary>
    public string QuotedTableName { get; }

    public IReadOnlyList<ApiRequestColumn> Columns { get; }

    public IReadOnlyList<ApiRequestForeignKey> ForeignKeys { get; }

    public int IdColumnIndex { get; }

    /// <summary>The quoted primary-key column.</summary>
    public string QuotedIdColumnName { get; }

    /// <summary>The written columns, quoted, in <see cref="Columns"/> order.</summary>
    public IReadOnlyList<string> QuotedColumnNames { get; }

    /// <summary>Most estimated bytes one statement may carry.</summary>
    public int BatchByteCap { get; }

    /// <summary>The body limit in force (the configured one, lowered so a row always fits in a batch).</summary>
    public int BodyByteLimit { get; }

    /// <summary>Whether <c>total_tokens</c> is a plain column that the pipeline fills.</summary>
    public bool WritesTotalTokens { get; }

    /// <summary>Builds the layout from the model and the facts read from the server.</summary>
    /// <param name="sql">The EF model of <see cref="GatewayDbContext"/> and its quoting.</param>
    /// <param name="options">Pipeline settings.</param>
    /// <param name="facts">What the server said about itself.</param>
    public static ApiRequestColumnLayout Create(SqlModel sql, RequestLogOptions options, ServerFacts facts)
        => Create(sql, options, facts.MaxAllowedPacket, facts.TotalTokensIsPlain);

    /// <summary>Builds the layout from the model and the server's facts.</summary>
    /// <param name="sql">The EF model of <see cref="GatewayDbContext"/> and its quoting.</param>
    /// <param name="options">Pipeline settings.</param>
    /// <param name="maxAllowedPacket">The server's <c>max_allowed_packet</c>.</param>
    /// <param name="totalTokensIsPlain">Whether the database's <c>total_tokens</c> is a plain (writable) column.</param>
    public static ApiRequestColumnLayout Create(SqlModel sql, RequestLogOptions options, long maxAllowedPacket, bool totalTokensIsPlain)
    {
        var entity = sql.Model.FindEntityType(typeof(ApiRequest)) ?? throw new InvalidOperationException("ApiRequest is not in the model.");
        var tableName = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
        var packetCap = maxAllowedPacket - Math.Max(64 * 1024, maxAllowedPacket / 16);
        var batchByteCap = (int)Math.Clamp(Math.Min(options.MaxBatchBytes, packetCap), 2 * RowReserveBytes, int.MaxValue);

        var primaryKey = entity.FindPrimaryKey()!.Properties.Single();
        var properties = entity.GetProperties()
            .Where(property => property.GetComputedColumnSql() is null || totalTokensIsPlain)
            .ToList();
        var boundedTextCount = properties.Count(property => TextCapacity(property.GetColumnType()) is not null);
        // Escaping can double a value on the wire: a row with every text column at the limit still fits one batch.
        var perColumnShare = (batchByteCap - RowReserveBytes) / (2 * Math.Max(1, boundedTextCount));
        var bodyByteLimit = Math.Max(Utf8Text.TruncationMarker.Length, Math.Min(options.BodyByteLimit, perColumnShare));

        var columns = properties.Select(property =>
        {
            var columnType = property.GetColumnType();
            var (kind, limit) = property.GetMaxLength() is { } maxLength && property.ClrType == typeof(string)
                ? (ApiRequestColumnKind.VarChar, maxLength)
                : string.Equals(columnType, "json", StringComparison.OrdinalIgnoreCase)
                    ? (ApiRequestColumnKind.Json, 0)
                    : TextCapacity(columnType) is { } capacity
                        ? (ApiRequestColumnKind.BoundedText, (int)Math.Min(bodyByteLimit, capacity))
                        : (ApiRequestColumnKind.Plain, 0);
            var converter = property.GetTypeMapping().Converter;
            return new ApiRequestColumn(
                property.GetColumnName(store)!, property.Name, kind, limit, CompileReader(property.PropertyInfo!),
                converter, property == primaryKey, CompileWriter(property.PropertyInfo!), converter?.ProviderClrType ?? property.ClrType);
        }).ToList();

        var foreignKeys = entity.GetForeignKeys().Select(foreignKey =>
        {
            var principal = foreignKey.PrincipalEntityType;
            var principalTable = principal.GetTableName()!;
            var principalStore = StoreObjectIdentifier.Table(principalTable, principal.GetSchema());
            var dependentColumn = foreignKey.Properties.Single().GetColumnName(store);
            var principalColumn = foreignKey.PrincipalKey.Properties.Single().GetColumnName(principalStore)!;
            return new ApiRequestForeignKey(
                columns.FindIndex(column => column.Name == dependentColumn),
                principalTable,
                sql.Quote(principalTable),
                sql.Quote(foreignKey.PrincipalKey.Properties.Single().GetColumnName(principalStore)!));
        }).ToList();

        return new ApiRequestColumnLayout(tableName, sql.Quote(tableName), columns.ConvertAll(column => sql.Quote(column.Name)), columns, foreignKeys, batchByteCap, bodyByteLimit, totalTokensIsPlain);
    }

    /// <summary>What the rollups count of a prepared row: its values as the server stores them.</summary>
    public ApiRequestRollupRow ToRollupRow(PreparedApiRequestRow row) => rollupRows.Read(row.Id, row.Values);

    /// <summary>Byte capacity of a TEXT-family column type; null for every other type.</summary>
    private static long? TextCapacity(string? columnType) => columnType?.ToUpperInvariant() switch
    {
        "TINYTEXT" => 255,
        "TEXT" => 65_535,
        "MEDIUMTEXT" => 16_777_215,
        "LONGTEXT" => 4_294_967_295,
        _ => null,
    };

    private static Func<ApiRequest, object?> CompileReader(PropertyInfo property)
    {
        var entity = Expression.Parameter(typeof(ApiRequest), "entity");
        var body = Expression.Convert(Expression.Property(entity, property), typeof(object));
        return Expression.Lambda<Func<ApiRequest, object?>>(body, entity).Compile();
    }

    private static Action<ApiRequest, object?> CompileWriter(PropertyInfo property)
    {
        var entity = Expression.Parameter(typeof(ApiRequest), "entity");
        var value = Expression.Parameter(typeof(object), "value");
        var body = Expression.Assign(Expression.Property(entity, property), Expression.Convert(value, property.PropertyType));
        return Expression.Lambda<Action<ApiRequest, object?>>(body, entity, value).Compile();
    }
}
