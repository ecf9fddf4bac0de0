using Microsoft.Extensions.Logging;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Replays the <see cref="SpillJournal"/> in sequence order while the database answers: a segment is written like any
/// batch (split around a row refused for its data, which is dead-lettered; never spilled again) and deleted only once
/// its rows are committed. Replay never wedges on one segment: a segment that cannot be read is moved aside, and a
/// segment the database did not take while it still answers stays for the next replay while the later segments go on.
/// Only an unavailable database (the availability circuit open) ends the replay.
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

            var segmentName = Path.GetFileName(segment);
            List<ApiRequestRecord> records;
            try
            {
                records = journal.Read(segment);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                journal.Quarantine(segment, exception);
                continue;
            }

            probeNow = false;
            if (!await processor.WriteAsync(records, allowSpill: false, cancellationToken, probeNow: true))
            {
                if (cancellationToken.IsCancellationRequested || availability.IsUnavailable)
                {
                    return;
                }

                // The database answers but did not take this segment (its rows were judged a server state): the rest of
                // the journal must not wait behind it.
                logger.LogSegmentKept(segmentName);
                continue;
            }

            journal.Delete(segment);
            metrics.AddReplayed(records.Count);
            logger.LogReplayed(records.Count, segmentName);
        }
    }
}
