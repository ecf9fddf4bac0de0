using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// The on-disk journal of batches the database could not take. Each batch becomes one segment file of JSON lines,
/// written under a temporary name, flushed to disk and then renamed, so a crash never leaves half a segment. Segments
/// are replayed in sequence order and deleted only after their rows are committed. A write failure (disk full,
/// read-only directory) never throws: it is counted, logged and exposed as <see cref="Faulted"/>.
/// </summary>
internal sealed class SpillJournal
{
    private const string Extension = ".jsonl";
    private const string TemporaryExtension = ".jsonl.tmp";

    private readonly string? directory;
    private readonly RequestLogMetrics metrics;
    private readonly ILogger logger;
    private readonly Lock sync = new();
    private long nextSequence = -1;
    private volatile bool faulted;

    public SpillJournal(RequestLogOptions options, RequestLogMetrics metrics, ILogger<SpillJournal> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = options.JournalDirectory;
        this.directory = string.IsNullOrWhiteSpace(directory) ? null : Path.GetFullPath(directory);
        this.metrics = metrics;
        this.logger = logger;
    }

    public bool Enabled => directory is not null;

    public bool Faulted => faulted;

    /// <summary>Segments waiting to be replayed.</summary>
    public int SegmentCount => ListSegments().Count;

    /// <summary>Appends one batch as a new segment; false (counted, logged) when it could not be made durable.</summary>
    public bool TryAppend(IReadOnlyList<ApiRequestRecord> records)
    {
        if (records.Count == 0)
        {
            return true;
        }

        if (directory is null)
        {
            return false;
        }

        try
        {
            string path;
            lock (sync)
            {
                Directory.CreateDirectory(directory);
                if (nextSequence < 0)
                {
                    nextSequence = ListSegments().Select(SequenceOf).DefaultIfEmpty(0).Max() + 1;
                }

                path = Path.Combine(directory, nextSequence.ToString("D12", CultureInfo.InvariantCulture));
                nextSequence++;
            }

            var temporary = path + TemporaryExtension;
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                using (var writer = new Utf8JsonWriter(stream))
                {
                    foreach (var record in records)
                    {
                        JsonSerializer.Serialize(writer, record, RequestLogJsonContext.Default.ApiRequestRecord);
                        writer.Flush();
                        writer.Reset();
                        stream.WriteByte((byte)'\n');
                    }
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path + Extension);
            faulted = false;
            metrics.AddSpilled(records.Count);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            faulted = true;
            metrics.AddJournalFailure();
            logger.LogJournalAppendFailed(records.Count, directory, exception);
            return false;
        }
    }

    /// <summary>Segment paths in replay order.</summary>
    public IReadOnlyList<string> ListSegments()
    {
        if (directory is null || !Directory.Exists(directory))
        {
            return [];
        }

        try
        {
            return Directory.GetFiles(directory, "*" + Extension).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The records of one segment; a line that does not parse is logged and skipped.</summary>
    public List<ApiRequestRecord> Read(string segment)
    {
        var records = new List<ApiRequestRecord>();
        foreach (var line in File.ReadLines(segment, Encoding.UTF8))
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize(line, RequestLogJsonContext.Default.ApiRequestRecord) is { } record)
                {
                    records.Add(record);
                }
            }
            catch (JsonException exception)
            {
                logger.LogJournalLineUnreadable(Path.GetFileName(segment), exception);
            }
        }

        return records;
    }

    /// <summary>Deletes a segment whose rows are committed.</summary>
    public void Delete(string segment)
    {
        try
        {
            File.Delete(segment);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Replaying it again later is harmless: writes are idempotent on the id.
            logger.LogJournalDeleteFailed(Path.GetFileName(segment), exception);
        }
    }

    private static long SequenceOf(string path)
        => long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : 0;
}
