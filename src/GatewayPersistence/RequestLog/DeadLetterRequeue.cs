using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Re-ingests a dead-letter file through the same write path as live batches (prepare, cut, idempotent batch
/// transaction, split around a row still refused); see <see cref="IRequestLogDeadLetters"/>.
/// </summary>
internal sealed class DeadLetterRequeue(ApiRequestBatchProcessor processor, RequestLogMetrics metrics, ILogger<DeadLetterRequeue> logger)
    : IRequestLogDeadLetters
{
    private const string RequeuingExtension = ".requeuing";
    private const string RequeuedExtension = ".requeued";
    private const int BatchRecords = 1_000;

    public async Task<DeadLetterRequeueResult> RequeueAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"No dead-letter file at '{fullPath}'.", fullPath);
        }

        // Renamed first: rows refused again are appended to the day's dead-letter file, which may be this one.
        var working = fullPath.EndsWith(RequeuingExtension, StringComparison.Ordinal) ? fullPath : fullPath + RequeuingExtension;
        if (!string.Equals(working, fullPath, StringComparison.Ordinal))
        {
            File.Move(fullPath, working, overwrite: false);
        }

        var (records, unreadable) = Read(working);
        var insertedBefore = metrics.Written;
        var refusedBefore = metrics.DeadLettered;
        var notWritten = 0;
        foreach (var batch in records.Chunk(BatchRecords))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await processor.WriteAsync(batch, allowSpill: false, cancellationToken, probeNow: true))
            {
                notWritten += batch.Length;
            }
        }

        var inserted = metrics.Written - insertedBefore;
        var refused = metrics.DeadLettered - refusedBefore;
        var finalPath = working;
        if (notWritten == 0)
        {
            finalPath = working[..^RequeuingExtension.Length] + RequeuedExtension;
            File.Move(working, finalPath, overwrite: true);
        }

        var alreadyStored = Math.Max(0, records.Count - notWritten - inserted - refused);
        var fileName = Path.GetFileName(fullPath);
        var writtenOrStored = (int)(inserted + alreadyStored);
        logger.LogRequeued(fileName, records.Count, writtenOrStored, (int)refused, unreadable);
        return new DeadLetterRequeueResult(records.Count, inserted, alreadyStored, refused, notWritten, unreadable, finalPath);
    }

    private static (List<ApiRequestRecord> Records, int Unreadable) Read(string path)
    {
        var records = new List<ApiRequestRecord>();
        var unreadable = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize(line, RequestLogJsonContext.Default.DeadLetterEntry)?.Record is { } record)
                {
                    records.Add(record);
                    continue;
                }
            }
            catch (JsonException)
            {
                // Counted below: a torn last line of a crash, or not a dead-letter entry.
            }

            unreadable++;
        }

        return (records, unreadable);
    }
}
