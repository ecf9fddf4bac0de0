using Microsoft.Extensions.Logging;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Replays the <see cref="SpillJournal"/> in sequence order while the database answers: a segment is written like any
/// batch (never spilled again) and deleted only once its rows are committed; the first segment the database does not
/// take ends the replay, and stays for the next one.
/// </summary>
internal sealed class JournalReplayer(
    SpillJournal journal, ApiRequestBatchProcessor processor, DatabaseAvailability availability, RequestLogMetrics metrics,
    ILogger<JournalReplayer> logger)
{
    /// <summary>Replays journal segments in order (all, or up to <paramref name="maxSegments"/>) while the database answers.</summary>
    /// <param name="maxSegments">Most segments to replay.</param>
    /// <param name="cancellationToken">Stops the replay between segments and cancels the database work.</param>
    /// <param name="probeNow">Try the first segment even while the database is unavailable and no probe is due.</param>
    public async Task ReplayAsync(int maxSegments, CancellationToken cancellationToken, bool probeNow = false)
    {
        foreach (var segment in journal.ListSegments().Take(maxSegments))
        {
            if (cancellationToken.IsCancellationRequested || (!availability.CanTry && !probeNow))
            {
                return;
            }

            var records = journal.Read(segment);
            probeNow = false;
            if (!await processor.WriteAsync(records, allowSpill: false, cancellationToken, probeNow: true))
            {
                return;
            }

            journal.Delete(segment);
            metrics.AddReplayed(records.Count);
            var segmentName = Path.GetFileName(segment);
            logger.LogReplayed(records.Count, segmentName);
        }
    }
}
