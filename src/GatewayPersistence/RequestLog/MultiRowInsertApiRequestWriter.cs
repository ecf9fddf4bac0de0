using MySqlConnector;
using System.Text;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Writes with one parameterised multi-row <c>INSERT</c> (no IGNORE: a refused row fails the statement, so nothing is
/// skipped silently). Used when the server refuses <c>LOAD DATA LOCAL</c>.
/// </summary>
internal sealed class MultiRowInsertApiRequestWriter(ApiRequestTable table) : IApiRequestBulkWriter
{
    private readonly string insertHead =
        $"INSERT INTO {Sql.Quote(table.TableName)} ({string.Join(", ", table.Columns.Select(column => Sql.Quote(column.Name)))}) VALUES ";

    public string Name => "multi-row INSERT";

    public async Task WriteAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyList<PreparedApiRequestRow> rows, CancellationToken cancellationToken)
    {
        var columnCount = table.Columns.Count;
        var text = new StringBuilder(insertHead, insertHead.Length + rows.Count * columnCount * 8);
        await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
        for (var rowIndex = 0; rowIndex < rows.Count; rowIndex++)
        {
            text.Append(rowIndex == 0 ? "(" : ", (");
            var values = rows[rowIndex].Values;
            for (var columnIndex = 0; columnIndex < columnCount; columnIndex++)
            {
                var name = $"@p{rowIndex}_{columnIndex}";
                text.Append(columnIndex == 0 ? name : ", " + name);
                command.Parameters.Add(new MySqlParameter(name, values[columnIndex] ?? DBNull.Value));
            }

            text.Append(')');
        }

        command.CommandText = text.ToString();
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken);
        if (inserted != rows.Count)
        {
            throw new ApiRequestRowsSkippedException($"{rows.Count} rows sent but {inserted} inserted.");
        }
    }
}
