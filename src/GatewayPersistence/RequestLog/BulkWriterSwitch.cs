namespace GatewayPersistence.RequestLog;

/// <summary>
/// The writer statements go through: bulk copy (<c>LOAD DATA LOCAL</c>) unless the options ask for INSERT, switched
/// once and for good to multi-row INSERT when the server refuses the bulk load. Concurrent batches may all be refused
/// by the same server; only the first of them switches.
/// </summary>
internal sealed class BulkWriterSwitch
{
    private readonly MultiRowInsertApiRequestWriter insertWriter;
    private IApiRequestBulkWriter current;

    public BulkWriterSwitch(ApiRequestColumnLayout layout, RequestLogWriteMode mode, int commandTimeoutSeconds)
    {
        insertWriter = new MultiRowInsertApiRequestWriter(layout, commandTimeoutSeconds);
        current = mode == RequestLogWriteMode.Insert ? insertWriter : new LoadDataApiRequestWriter(layout, commandTimeoutSeconds);
    }

    /// <summary>The writer for the next attempt.</summary>
    public IApiRequestBulkWriter Current => Volatile.Read(ref current);

    /// <summary>Whether rows go through INSERT (asked for, or since the server refused the bulk load).</summary>
    public bool UsesInsert => Current is MultiRowInsertApiRequestWriter;

    /// <summary>Replaces <paramref name="refused"/> by INSERT; true only for the call that made the switch.</summary>
    public bool SwitchToInsert(IApiRequestBulkWriter refused)
        => Interlocked.CompareExchange<IApiRequestBulkWriter>(ref current, insertWriter, refused) == refused;
}
