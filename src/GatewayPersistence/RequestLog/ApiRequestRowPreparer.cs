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
                string? text = original;
                switch (column.Kind)
                {
                    case ApiRequestColumnKind.VarChar when column.IsPrimaryKey:
                        if (Utf8Text.CharacterCount(original) > column.Limit)
                        {
                            reason = $"The id is longer than {column.Limit} characters; it cannot be cut (it is the idempotency key).";
                            return false;
                        }

                        break;
                    case ApiRequestColumnKind.VarChar:
                        text = Utf8Text.TruncateToCharacters(original, column.Limit);
                        break;
                    case ApiRequestColumnKind.BoundedText:
                        text = Utf8Text.TruncateWithMarker(original, column.Limit);
                        break;
                    case ApiRequestColumnKind.Json when !IsValidJson(original):
                        metrics.AddInvalidJson();
                        logger.LogInvalidJson(record.Id, column.Name);
                        text = null;
                        break;
                }

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
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            var reader = new Utf8JsonReader(buffer.AsSpan(0, length), new JsonReaderOptions { MaxDepth = 32 });
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
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

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
}
