using Microsoft.Extensions.Logging;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Writes batches of records: through the availability circuit, prepares them for the server (records that can never
/// be written are dead-lettered), cuts them into statements and writes each one (retry, split, fallback), and spills
/// what the database did not take to the journal. Up to <see cref="RequestLogOptions.MaxConcurrentBatches"/> batches
/// are written at once, each statement in its own transaction.
/// </summary>
internal sealed class ApiRequestBatchProcessor(
    RequestLogOptions options, DatabaseAvailability availability, WritePathProvider writePaths, StatementWriter statements,
    DeadLetterFile deadLetters, SpillJournal journal, RequestLogMetrics metrics, ILogger<ApiRequestBatchProcessor> logger) : IDisposable
{
    private readonly SemaphoreSlim gate = new(Math.Max(1, options.MaxConcurrentBatches));

    /// <summary>
    /// Writes <paramref name="records"/>. Returns true when every record is committed or dead-lettered; otherwise the
    /// rest went to the journal (<paramref name="allowSpill"/>) or, when spilling is not allowed (replay), stays with
    /// the caller.
    /// </summary>
    /// <param name="records">Records to write.</param>
    /// <param name="allowSpill">Whether what cannot be written goes to the journal.</param>
    /// <param name="cancellationToken">Cancels the database work (the rest is then spilled).</param>
    /// <param name="probeNow">Try the database now even while it is marked unavailable and no probe is due.</param>
    public async Task<bool> WriteAsync(
        IReadOnlyList<ApiRequestRecord> records, bool allowSpill, CancellationToken cancellationToken, bool probeNow = false)
    {
        await gate.WaitAsync(CancellationToken.None);
        try
        {
            var pending = new List<ApiRequestRecord>();
            try
            {
                if (records.Count > 0 && (cancellationToken.IsCancellationRequested
                    || !await availability.TryWriteAsync(probe => WriteThroughAsync(records, probe, pending, cancellationToken), probeNow)))
                {
                    pending.Clear();
                    pending.AddRange(records);
                }
            }
            catch (Exception exception)
            {
                // Whatever escaped (a cancellation before the database was reached, an unexpected failure): which rows
                // were committed is unknown, so the whole batch goes to the journal; replaying a committed row adds
                // nothing (writes are idempotent on the id).
                pending.Clear();
                pending.AddRange(records);
                if (exception is not OperationCanceledException)
                {
                    logger.LogUnavailable(records.Count, exception.Message);
                }
            }

            if (pending.Count == 0)
            {
                return true;
            }

            if (allowSpill)
            {
                Spill(pending);
            }

            return false;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    /// <summary>Prepares, cuts and writes the records; true when the database took every statement.</summary>
    private async Task<bool> WriteThroughAsync(
        IReadOnlyList<ApiRequestRecord> records, bool probe, List<ApiRequestRecord> pending, CancellationToken cancellationToken)
    {
        if (probe)
        {
            // The first write after an outage: the reconnect may reach another server (failover), whose
            // max_allowed_packet or local_infile differ, so its facts are read again.
            writePaths.Invalidate();
        }

        if (await writePaths.GetAsync(cancellationToken) is not { } path)
        {
            pending.AddRange(records);
            return false;
        }

        var rejected = new List<RejectedApiRequest>();
        var rows = path.Preparer.Prepare(records, rejected);
        deadLetters.Write(rejected);
        foreach (var statement in path.Cutter.Cut(rows))
        {
            if (pending.Count > 0)
            {
                // The database stopped answering: the rest goes with it instead of paying a retry budget each.
                pending.AddRange(statement.Select(row => row.Source));
                continue;
            }

            await statements.WriteAsync(path, statement, probe, pending, cancellationToken);
        }

        return pending.Count == 0;
    }

    private void Spill(List<ApiRequestRecord> pending)
    {
        if (!journal.TryAppend(pending))
        {
            metrics.AddDropped(pending.Count);
            logger.LogLost(pending.Count);
        }
    }
}
