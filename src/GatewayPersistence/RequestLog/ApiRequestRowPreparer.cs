using GatewayPersistence.Text;
using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Turns records into rows the server cannot refuse for their size: bodies and error message cut to the byte limit on a
/// character boundary with the legacy marker, VARCHAR columns cut to their length in characters, invalid JSON stored as
/// NULL (counted and logged: a log row is worth more than its metadata). An id too long to store is not cut (it is the
/// idempotency key): that record is rejected, as is a row bigger than a whole batch may be.
/// </summary>
internal sealed class ApiRequestRowPreparer(ApiRequestColumnLayout layout, RequestLogMetrics metrics, ILogger logger)
{
    // Characters the INSERT literal or the LOAD DATA stream escape with one more byte.
    private static readonly SearchValues<char> EscapedCharacters = SearchValues.Create("\\'\"\0\t\n\r\u001a");

    public ApiRequestColumnLayout Layout => layout;

    /// <summary>Prepares <paramref name="records"/>; the ones that can never be written land in <paramref name="rejected"/>.</summary>
    public List<PreparedApiRequestRow> Prepare(IReadOnlyList<ApiRequestRecord> records, List<RejectedApiRequest> rejected)
    {
        var rows = new List<PreparedApiRequestRow>(records.Count);
        foreach (var record in records)
        {
            if (TryPrepare(record, out var row, out var reason))
            {
                rows.Add(row);
            }
            else
            {
                rejected.Add(new RejectedApiRequest(record, reason, 0, "refused by the pipeline before the database: no retry can make it writable"));
            }
        }

        return rows;
    }

    public bool TryPrepare(ApiRequestRecord record, out PreparedApiRequestRow row, out string reason)
    {
        row = null!;
        if (string.IsNullOrEmpty(record.Id))
        {
            reason = "The id is empty.";
            return false;
        }

        var entity = ToEntity(record);
        var columns = layout.Columns;
        var values = new object?[columns.Count];
        var bytes = 0;
        for (var index = 0; index < columns.Count; index++)
        {
            var column = columns[index];
            var value = column.Read(entity);
            if (column.Converter is { } converter && value is not null)
            {
                value = converter.ConvertToProvider(value);
            }

            if (value is string original)
            {
                if (column.IsPrimaryKey && column.Kind == ApiRequestColumnKind.VarChar && Utf8Text.CharacterCount(original) > column.Limit)
                {
                    reason = $"The id is longer than {column.Limit} characters; it cannot be cut (it is the idempotency key).";
                    return false;
                }

                var text = BoundText(column, original, record.Id, count: true);
                value = text;
                bytes += text is null ? 4 : EstimateBytes(text);
            }
            else
            {
                value = value is bool flag ? (flag ? 1 : 0) : value;
                bytes += 12;
            }

            values[index] = value;
        }

        if (bytes > layout.BatchByteCap)
        {
            reason = $"The row takes about {bytes} bytes, more than a batch may carry ({layout.BatchByteCap}).";
            return false;
        }

        row = new PreparedApiRequestRow(record, values, bytes);
        reason = "";
        return true;
    }

    /// <summary>
    /// <paramref name="record"/> as the database would store it: every text value bounded as <see cref="TryPrepare"/>
    /// bounds it (bodies cut with the marker, VARCHARs cut, invalid JSON as null; the id is never cut). This is what the
    /// journal and the dead-letter file keep: preparing it again gives the same row (each cut is idempotent, and a lower
    /// limit on another server cuts the same prefix), and a 16 MB body costs the disk what it costs the table.
    /// </summary>
    public ApiRequestRecord Bound(ApiRequestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entity = ToEntity(record);
        foreach (var column in layout.Columns)
        {
            // Text columns only, before any converter (they have none): the provider value is the property value.
            if (column.Kind != ApiRequestColumnKind.Plain && !column.IsPrimaryKey && column.Converter is null
                && column.Read(entity) is string original)
            {
                column.Write(entity, BoundText(column, original, record.Id, count: false));
            }
        }

        return FromEntity(entity);
    }

    /// <summary>The stored form of one text value; <paramref name="count"/> counts and logs an invalid JSON (once per row written).</summary>
    private string? BoundText(ApiRequestColumn column, string original, string id, bool count)
    {
        switch (column.Kind)
        {
            case ApiRequestColumnKind.VarChar when !column.IsPrimaryKey:
                return Utf8Text.TruncateToCharacters(original, column.Limit);
            case ApiRequestColumnKind.BoundedText:
                return Utf8Text.TruncateWithMarker(original, column.Limit);
            case ApiRequestColumnKind.Json when !IsValidJson(original):
                if (count)
                {
                    metrics.AddInvalidJson();
                    logger.LogInvalidJson(id, column.Name);
                }

                return null;
            default:
                return original;
        }
    }

    /// <summary>UTF-8 bytes plus one per character that escaping doubles, plus quotes and separator.</summary>
    internal static int EstimateBytes(string text)
    {
        var escaped = 0;
        var rest = text.AsSpan();
        int next;
        while ((next = rest.IndexOfAny(EscapedCharacters)) >= 0)
        {
            escaped++;
            rest = rest[(next + 1)..];
        }

        return Utf8Text.ByteCount(text) + escaped + 3;
    }

    /// <summary>Syntax check with the same rules as the server's JSON type (depth limited as MariaDB's JSON_VALID).</summary>
    internal static bool IsValidJson(string text)
    {
        // Parameters and metadata are mostly a few dozen bytes: those are checked from the stack.
        var maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = maxBytes > SmallJsonBytes ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        var buffer = rented ?? stackalloc byte[SmallJsonBytes];
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            var reader = new Utf8JsonReader(buffer[..length], new JsonReaderOptions { MaxDepth = 32 });
            while (reader.Read())
            {
            }

            return length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private const int SmallJsonBytes = 1_024;

    /// <summary>The entity a record becomes, before any cut (also the ingest benchmark's EF baseline rows).</summary>
    internal static ApiRequest ToEntity(ApiRequestRecord record) => new()
    {
        Id = record.Id,
        VirtualKeyId = record.VirtualKeyId,
        ProviderId = record.ProviderId,
        Model = record.Model,
        PromptTokens = record.PromptTokens,
        CompletionTokens = record.CompletionTokens,
        TotalTokens = record.PromptTokens + record.CompletionTokens,
        CachedTokens = record.CachedTokens,
        Status = record.Status,
        ResponseTime = record.ResponseTimeMs,
        TfftMs = record.TfftMs,
        TffbMs = record.TffbMs,
        ErrorMessage = record.ErrorMessage,
        RequestBody = record.RequestBody,
        ResponseBody = record.ResponseBody,
        RequestParamsJson = record.RequestParamsJson,
        ResponseMetaJson = record.ResponseMetaJson,
        CacheHit = record.CacheHit,
        RequestType = record.RequestType,
        CompressionOriginalTokens = record.CompressionOriginalTokens,
        CompressionSavedTokens = record.CompressionSavedTokens,
        Ip = record.Ip,
        UserAgent = record.UserAgent,
        CreatedAt = record.CreatedAt,
    };

    /// <summary>The record an entity stands for: the inverse of <see cref="ToEntity"/> (<c>total_tokens</c> is derived, not kept).</summary>
    internal static ApiRequestRecord FromEntity(ApiRequest entity) => new()
    {
        Id = entity.Id,
        VirtualKeyId = entity.VirtualKeyId,
        ProviderId = entity.ProviderId,
        Model = entity.Model,
        PromptTokens = entity.PromptTokens ?? 0,
        CompletionTokens = entity.CompletionTokens ?? 0,
        CachedTokens = entity.CachedTokens ?? 0,
        Status = entity.Status,
        ResponseTimeMs = entity.ResponseTime,
        TfftMs = entity.TfftMs,
        TffbMs = entity.TffbMs,
        ErrorMessage = entity.ErrorMessage,
        RequestBody = entity.RequestBody,
        ResponseBody = entity.ResponseBody,
        RequestParamsJson = entity.RequestParamsJson,
        ResponseMetaJson = entity.ResponseMetaJson,
        CacheHit = entity.CacheHit,
        RequestType = entity.RequestType,
        CompressionOriginalTokens = entity.CompressionOriginalTokens,
        CompressionSavedTokens = entity.CompressionSavedTokens,
        Ip = entity.Ip,
        UserAgent = entity.UserAgent,
        CreatedAt = entity.CreatedAt,
    };
}
