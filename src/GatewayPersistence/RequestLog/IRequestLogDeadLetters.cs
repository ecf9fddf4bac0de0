namespace GatewayPersistence.RequestLog;

/// <summary>
/// The way back for dead-lettered rows: once the operator has fixed what made the database refuse them (a column
/// widened, a constraint relaxed), a dead-letter file is re-ingested. Idempotent: a row already stored is not stored
/// twice, so a file may be requeued again after a partial run.
/// </summary>
public interface IRequestLogDeadLetters
{
    /// <summary>
    /// Writes every record of the dead-letter file at <paramref name="path"/> to the database. The file is renamed to
    /// <c>*.requeuing</c> while it is read (rows refused again go to a new dead-letter file) and to <c>*.requeued</c>
    /// once every record was written or refused again; when the database did not take some, it stays
    /// <c>*.requeuing</c> and can be requeued again.
    /// </summary>
    /// <param name="path">A dead-letter file (or a <c>*.requeuing</c> file of an interrupted run).</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    Task<DeadLetterRequeueResult> RequeueAsync(string path, CancellationToken cancellationToken);
}
