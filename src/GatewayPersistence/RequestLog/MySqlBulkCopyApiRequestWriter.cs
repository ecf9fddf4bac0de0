using MySqlConnector;
namespace GatewayPersistence.RequestLog;

/// <summary>
/// Writes through <see cref="MySqlBulkCopy"/> (<c>LOAD DATA LOCAL INFILE</c>, streamed). LOCAL loads turn row errors into
/// warnings and skip the row, so the writer compares the inserted count with what it sent and reports a shortfall.
/// </summary>
/// <remarks>
/// The load runs under the configured command timeout: with none, a half-open connection (a proxy or a network path
/// that stops forwarding without closing) would hold a writer slot forever.
/// </remarks>
internal sealed class MySqlBulkCopyApiRequestWriter(ApiRequestColumnLayout layout, int commandTimeoutSeconds) : IApiRequestBulkWriter
{
    public string Name => "bulk copy";

    public async Task WriteAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyList<PreparedApiRequestRow> rows, CancellationToken cancellationToken)
    {
        var bulkCopy = new MySqlBulkCopy(connection, transaction)
        {
            DestinationTableName = layout.QuotedTableName,
            ConflictOption = MySqlBulkLoaderConflictOption.Ignore,
            BulkCopyTimeout = commandTimeoutSeconds,
        };
        for (var index = 0; index < layout.Columns.Count; index++)
        {
            bulkCopy.ColumnMappings.Add(new MySqlBulkCopyColumnMapping(index, layout.Columns[index].Name));
        }

        using var reader = new PreparedRowDataReader(layout, rows);
        var result = await bulkCopy.WriteToServerAsync(reader, cancellationToken);
        if (result.RowsInserted != rows.Count)
        {
            var warnings = string.Join("; ", result.Warnings.Take(5).Select(warning => $"{(int)warning.ErrorCode}: {warning.Message}"));
            var firstCode = result.Warnings.Count > 0 ? (int)result.Warnings[0].ErrorCode : 0;
            throw new ApiRequestRowsSkippedException(
                $"{rows.Count} rows sent but {result.RowsInserted} inserted{(warnings.Length > 0 ? $" ({warnings})" : "")}.", firstCode);
        }
    }
}
