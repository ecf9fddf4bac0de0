using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Rows refused for a data reason, one JSON line each (<see cref="DeadLetterEntry"/>: the record, the server's error
/// number and message, why it was judged a data error), in a file per UTC day under the configured directory, created
/// owner-only (they hold request bodies). Every other row of their batch is written. Files older than
/// <see cref="RequestLogOptions.DeadLetterRetention"/> and the oldest beyond <see cref="RequestLogOptions.DeadLetterMaxBytes"/>
/// in all are deleted (counted and logged) whenever a file is written. <see cref="IRequestLogDeadLetters"/> re-ingests a file.
/// </summary>
/// <remarks>
/// The record of an entry is bounded as the database would store it (<see cref="RecordBounder"/>): the file costs what
/// the rows would, and a requeue writes the row a live write would have written. Entries of older files (records as
/// given) have the same shape and are requeued the same way.
/// </remarks>
internal sealed class DeadLetterFile(
    RequestLogOptions options, RequestLogMetrics metrics, TimeProvider timeProvider, ILogger<DeadLetterFile> logger, RecordBounder? bounder = null)
{
    internal const string FilePrefix = "dead-letter-";
    internal const string FileExtension = ".jsonl";

    private readonly string directory = options.DeadLetterDirectory;
    private readonly Lock sync = new();

    public string Directory => directory;

    public void Write(IReadOnlyList<RejectedApiRequest> rejected)
    {
        if (rejected.Count == 0)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        foreach (var entry in rejected)
        {
            logger.LogDeadLettered(entry.Source.Id, entry.ErrorNumber, entry.Reason);
        }

        metrics.AddDeadLettered(rejected.Count);
        try
        {
            lock (sync)
            {
                System.IO.Directory.CreateDirectory(directory);
                var path = Path.Combine(directory, $"{FilePrefix}{now.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}{FileExtension}");
                using var stream = new FileStream(path, OwnerOnly.Append());
                using (var writer = new Utf8JsonWriter(stream))
                {
                    foreach (var entry in rejected)
                    {
                        JsonSerializer.Serialize(
                            writer, new DeadLetterEntry(now, entry.Reason, bounder?.Bound(entry.Source) ?? entry.Source, entry.ErrorNumber, entry.Judgement),
                            RequestLogJsonContext.Default.DeadLetterEntry);
                        writer.Flush();
                        writer.Reset();
                        stream.WriteByte((byte)'\n');
                    }
                }

                stream.Flush(flushToDisk: true);
                PruneLocked(now, keep: path);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogDeadLetterWriteFailed(rejected.Count, directory, exception);
        }
    }

    /// <summary>Deletes dead-letter files past the retention, then the oldest while the total exceeds the size cap.</summary>
    public void Prune()
    {
        try
        {
            lock (sync)
            {
                PruneLocked(timeProvider.GetUtcNow(), keep: null);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogDeadLetterWriteFailed(0, directory, exception);
        }
    }

    private void PruneLocked(DateTimeOffset now, string? keep)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return;
        }

        // Oldest first by the date in the name (then by write time): the order in which they are given up.
        var files = new DirectoryInfo(directory).GetFiles(FilePrefix + "*")
            .OrderBy(file => file.Name, StringComparer.Ordinal).ThenBy(file => file.LastWriteTimeUtc).ToList();
        var total = files.Sum(file => file.Length);
        foreach (var file in files)
        {
            var expired = now - new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero) > options.DeadLetterRetention;
            var overCap = total > options.DeadLetterMaxBytes;
            if (!(expired || overCap) || (!expired && string.Equals(file.FullName, keep, StringComparison.Ordinal)))
            {
                continue;
            }

            try
            {
                var length = file.Length;
                file.Delete();
                total -= length;
                metrics.AddDeadLetterFilePruned();
                logger.LogDeadLetterPruned(file.Name, length, expired ? "older than the retention" : "over the size cap");
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                logger.LogDeadLetterWriteFailed(0, directory, exception);
            }
        }
    }
}
