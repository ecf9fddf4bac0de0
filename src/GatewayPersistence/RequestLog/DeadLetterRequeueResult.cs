namespace GatewayPersistence.RequestLog;

/// <summary>What <see cref="IRequestLogDeadLetters.RequeueAsync"/> did with one file.</summary>
/// <param name="Entries">Entries read from the file.</param>
/// <param name="Inserted">Rows inserted now.</param>
/// <param name="AlreadyStored">Rows found stored already (an earlier requeue, or a row written meanwhile).</param>
/// <param name="RefusedAgain">Rows the database still refuses for their data, written to a new dead-letter file.</param>
/// <param name="NotWritten">Rows the database did not take (unavailable): requeue the file again.</param>
/// <param name="Unreadable">Lines that are not dead-letter entries (skipped).</param>
/// <param name="FinalPath">Where the file is now (<c>*.requeued</c> when complete, <c>*.requeuing</c> otherwise).</param>
public sealed record DeadLetterRequeueResult(
    int Entries, long Inserted, long AlreadyStored, long RefusedAgain, int NotWritten, int Unreadable, string FinalPath)
{
    /// <summary>Whether every entry was written, found stored, or refused again (nothing waits for another run).</summary>
    public bool Complete => NotWritten == 0;
}
