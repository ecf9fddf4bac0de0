namespace GatewayPersistence.RequestLog;

/// <summary>
/// Cuts prepared rows, in order, into statements of at most <see cref="RequestLogOptions.MaxBatchRows"/> rows and
/// <see cref="ApiRequestColumnLayout.BatchByteCap"/> estimated bytes. A statement always takes at least one row: the
/// preparer has already rejected a row bigger than the cap.
/// </summary>
internal sealed class StatementCutter(int maxRows, int maxBytes)
{
    public IEnumerable<List<PreparedApiRequestRow>> Cut(IReadOnlyList<PreparedApiRequestRow> rows)
    {
        var statement = new List<PreparedApiRequestRow>();
        var bytes = 0L;
        foreach (var row in rows)
        {
            if (statement.Count > 0 && (statement.Count >= maxRows || bytes + row.EstimatedBytes > maxBytes))
            {
                yield return statement;
                statement = [];
                bytes = 0;
            }

            statement.Add(row);
            bytes += row.EstimatedBytes;
        }

        if (statement.Count > 0)
        {
            yield return statement;
        }
    }
}
