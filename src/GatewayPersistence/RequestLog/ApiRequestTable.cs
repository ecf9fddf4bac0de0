using System.Globalization;
using GatewayPersistence.Statistics;
using GatewayPersistence.Text;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GatewayPersistence.RequestLog;

/// <summary>How the pipeline bounds one column's value before writing.</summary>
internal enum ApiRequestColumnKind
{
    /// <summary>Numbers, flags, timestamps: written as they are.</summary>
    Plain,

    /// <summary><c>VARCHAR(n)</c>: cut to n characters (utf8mb4 counts code points).</summary>
    VarChar,

    /// <summary>TEXT family: cut to the body byte limit with the legacy marker.</summary>
    BoundedText,

    /// <summary>JSON: never cut (that would break it); invalid JSON is stored as NULL.</summary>
    Json,
}

/// <summary>One written column of <c>api_requests</c>, named and typed by the EF model.</summary>
internal sealed record ApiRequestColumn(
    string Name, string PropertyName, ApiRequestColumnKind Kind, int Limit, Func<ApiRequest, object?> Read, ValueConverter? Converter, bool IsPrimaryKey);

/// <summary>A foreign key of <c>api_requests</c>: the dangling references are written as NULL.</summary>
internal sealed record ApiRequestForeignKey(int ColumnIndex, string PrincipalTable, string PrincipalColumn);

/// <summary>
/// The shape of <c>api_requests</c> as the pipeline writes it: table and column names from the EF model (never from
/// input), the columns to send (a generated <c>total_tokens</c> is left out; a plain one, as adopted older databases have
/// it, is written), the string bounds, and the byte budget a batch may not exceed.
/// </summary>
internal sealed class ApiRequestTable
{
    /// <summary>Margin left for the statement text, per-value separators and the non-text columns.</summary>
    private const int RowReserveBytes = 256 * 1024;

    private ApiRequestTable(
        string tableName, IReadOnlyList<ApiRequestColumn> columns, IReadOnlyList<ApiRequestForeignKey> foreignKeys,
        int batchByteCap, int bodyByteLimit, bool writesTotalTokens)
    {
        TableName = tableName;
        Columns = columns;
        ForeignKeys = foreignKeys;
        BatchByteCap = batchByteCap;
        BodyByteLimit = bodyByteLimit;
        WritesTotalTokens = writesTotalTokens;
        IdColumnIndex = columns.Select((column, index) => (column, index)).Single(pair => pair.column.IsPrimaryKey).index;
        rollupColumns = new RollupColumnIndexes(columns);
    }

    private readonly RollupColumnIndexes rollupColumns;

    public string TableName { get; }

    public IReadOnlyList<ApiRequestColumn> Columns { get; }

    public IReadOnlyList<ApiRequestForeignKey> ForeignKeys { get; }

    public int IdColumnIndex { get; }

    public string IdColumnName => Columns[IdColumnIndex].Name;

    /// <summary>Most estimated bytes one statement may carry.</summary>
    public int BatchByteCap { get; }

    /// <summary>The body limit in force (the configured one, lowered so a row always fits in a batch).</summary>
    public int BodyByteLimit { get; }

    /// <summary>Whether <c>total_tokens</c> is a plain column that the pipeline fills.</summary>
    public bool WritesTotalTokens { get; }

    /// <summary>Builds the table shape from the model and the server's facts.</summary>
    /// <param name="model">The EF model of <see cref="GatewayDbContext"/>.</param>
    /// <param name="options">Pipeline settings.</param>
    /// <param name="maxAllowedPacket">The server's <c>max_allowed_packet</c>.</param>
    /// <param name="totalTokensIsPlain">Whether the database's <c>total_tokens</c> is a plain (writable) column.</param>
    public static ApiRequestTable Create(IModel model, RequestLogOptions options, long maxAllowedPacket, bool totalTokensIsPlain)
    {
        var entity = model.FindEntityType(typeof(ApiRequest)) ?? throw new InvalidOperationException("ApiRequest is not in the model.");
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
            return new ApiRequestColumn(
                property.GetColumnName(store)!, property.Name, kind, limit, CompileReader(property.PropertyInfo!),
                property.GetTypeMapping().Converter, property == primaryKey);
        }).ToList();

        var foreignKeys = entity.GetForeignKeys().Select(foreignKey =>
        {
            var principal = foreignKey.PrincipalEntityType;
            var principalTable = principal.GetTableName()!;
            var principalStore = StoreObjectIdentifier.Table(principalTable, principal.GetSchema());
            var dependentColumn = foreignKey.Properties.Single().GetColumnName(store);
            return new ApiRequestForeignKey(
                columns.FindIndex(column => column.Name == dependentColumn),
                principalTable,
                foreignKey.PrincipalKey.Properties.Single().GetColumnName(principalStore)!);
        }).ToList();

        return new ApiRequestTable(tableName, columns, foreignKeys, batchByteCap, bodyByteLimit, totalTokensIsPlain);
    }

    /// <summary>What the rollups count of a prepared row: its values as the server stores them.</summary>
    public ApiRequestRollupRow ToRollupRow(PreparedApiRequestRow row)
    {
        var values = row.Values;
        var c = rollupColumns;
        var promptTokens = Int(values[c.PromptTokens]);
        var completionTokens = Int(values[c.CompletionTokens]);
        // A generated total_tokens is `prompt_tokens + completion_tokens` (NULL when either is); a plain one holds what we wrote.
        long? totalTokens = c.TotalTokens is { } written
            ? Int(values[written])
            : promptTokens is { } prompt && completionTokens is { } completion ? (long)prompt + completion : null;
        return new ApiRequestRollupRow(
            row.Id,
            Convert.ToInt64(values[c.CreatedAt], CultureInfo.InvariantCulture),
            values[c.VirtualKeyId] as string,
            values[c.ProviderId] as string,
            values[c.Model] as string,
            values[c.Status] as string,
            promptTokens,
            completionTokens,
            totalTokens,
            Int(values[c.CachedTokens]),
            values[c.CacheHit] is { } cacheHit && Convert.ToInt64(cacheHit, CultureInfo.InvariantCulture) == 1,
            Int(values[c.ResponseTime]));

        static int? Int(object? value) => value is null ? null : Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Byte capacity of a TEXT-family column type; null for every other type.</summary>
    private static long? TextCapacity(string? columnType) => columnType?.ToUpperInvariant() switch
    {
        "TINYTEXT" => 255,
        "TEXT" => 65_535,
        "MEDIUMTEXT" => 16_777_215,
        "LONGTEXT" => 4_294_967_295,
        _ => null,
    };

    /// <summary>Positions in <see cref="Columns"/> of what the rollups count; <see cref="TotalTokens"/> only when written.</summary>
    private sealed class RollupColumnIndexes(IReadOnlyList<ApiRequestColumn> columns)
    {
        public int CreatedAt { get; } = Find(columns, nameof(ApiRequest.CreatedAt))!.Value;

        public int VirtualKeyId { get; } = Find(columns, nameof(ApiRequest.VirtualKeyId))!.Value;

        public int ProviderId { get; } = Find(columns, nameof(ApiRequest.ProviderId))!.Value;

        public int Model { get; } = Find(columns, nameof(ApiRequest.Model))!.Value;

        public int Status { get; } = Find(columns, nameof(ApiRequest.Status))!.Value;

        public int PromptTokens { get; } = Find(columns, nameof(ApiRequest.PromptTokens))!.Value;

        public int CompletionTokens { get; } = Find(columns, nameof(ApiRequest.CompletionTokens))!.Value;

        public int? TotalTokens { get; } = Find(columns, nameof(ApiRequest.TotalTokens));

        public int CachedTokens { get; } = Find(columns, nameof(ApiRequest.CachedTokens))!.Value;

        public int CacheHit { get; } = Find(columns, nameof(ApiRequest.CacheHit))!.Value;

        public int ResponseTime { get; } = Find(columns, nameof(ApiRequest.ResponseTime))!.Value;

        private static int? Find(IReadOnlyList<ApiRequestColumn> columns, string property)
        {
            for (var index = 0; index < columns.Count; index++)
            {
                if (columns[index].PropertyName == property)
                {
                    return index;
                }
            }

            return null;
        }
    }

    private static Func<ApiRequest, object?> CompileReader(PropertyInfo property)
    {
        var entity = Expression.Parameter(typeof(ApiRequest), "entity");
        var body = Expression.Convert(Expression.Property(entity, property), typeof(object));
        return Expression.Lambda<Func<ApiRequest, object?>>(body, entity).Compile();
    }
}
