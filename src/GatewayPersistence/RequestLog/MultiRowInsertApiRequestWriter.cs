using MySqlConnector;
using System.Text;
using GatewayPersistence.Sql;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Writes with one parameterised multi-row <c>INSERT</c> (no IGNORE: a refused row fails the statement, so nothing is
/// skipped silently). Used when the server refuses <c>LOAD DATA LOCAL</c>.
/// </summary>
internal sealed class MultiRowInsertApiRequestWriter(ApiRequestColumnLayout layout, int commandTimeoutSeconds) : IApiRequestBulkWriter
{
    private readonly string insertHead = $"INSERT INTO {layout.QuotedTableName} ({string.Join(", ", layout.QuotedColumnNames)}) VALUES ";

    public string Name => "multi-row INSERT";

    public async Task WriteAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyList<PreparedApiRequestRow> rows, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(insertHead, insertHead.Length + rows.Count * layout.Columns.Count * 8);
        await using var command = new MySqlCommand { Connection = connection, Transaction = transaction, CommandTimeout = commandTimeoutSeconds };
        SqlLists.AppendRows(text, command, rows, row => row.Values);
        command.CommandText = text.ToString();
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken);
        if (inserted != rows.Count)
        {
            throw new ApiRequestRowsSkippedException($"{rows.Count} rows sent but {inserted} inserted.");
        }
    }
}
