using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Rows refused for a data reason, one JSON line each (<see cref="DeadLetterEntry"/>), in a file per UTC day under the
/// configured directory. Every other row of their batch is written.
/// </summary>
internal sealed class DeadLetterFile(RequestLogOptions options, RequestLogMetrics metrics, TimeProvider timeProvider, ILogger<DeadLetterFile> logger)
{
    private readonly string directory = options.DeadLetterDirectory;
    private readonly Lock sync = new();

    public void Write(IReadOnlyList<RejectedApiRequest> rejected)
    {
        if (rejected.Count == 0)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        foreach (var entry in rejected)
        {
            logger.LogDeadLettered(entry.Source.Id, entry.Reason);
        }

        metrics.AddDeadLettered(rejected.Count);
        try
        {
            lock (sync)
            {
                Directory.CreateDirectory(directory);
                var path = Path.Combine(directory, $"dead-letter-{now.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}.jsonl");
                using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
                using (var writer = new Utf8JsonWriter(stream))
                {
                    foreach (var entry in rejected)
                    {
                        JsonSerializer.Serialize(writer, new DeadLetterEntry(now, entry.Reason, entry.Source), RequestLogJsonContext.Default.DeadLetterEntry);
                        writer.Flush();
                        writer.Reset();
                        stream.WriteByte((byte)'\n');
                    }
                }

                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogDeadLetterWriteFailed(rejected.Count, directory, exception);
        }
    }
}
