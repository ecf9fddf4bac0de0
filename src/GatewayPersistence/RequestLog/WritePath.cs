namespace GatewayPersistence.RequestLog;

/// <summary>
/// What writing needs once the server's facts are known: the column layout they shape, the preparer that bounds rows
/// to it, the statement cutter, the batch transaction and the writer switch. Built once by
/// <see cref="WritePathProvider"/>.
/// </summary>
internal sealed record WritePath(
    ApiRequestColumnLayout Layout, ApiRequestRowPreparer Preparer, StatementCutter Cutter, ApiRequestBatchTransaction Transaction,
    BulkWriterSwitch Writers);
