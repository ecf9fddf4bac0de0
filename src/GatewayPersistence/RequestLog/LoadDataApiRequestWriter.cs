using MySqlConnector;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Writes through <c>LOAD DATA LOCAL INFILE</c>, streamed from the prepared rows (<see cref="LoadDataRowStream"/>).
/// LOCAL loads turn row errors into warnings and skip the row, so the writer compares the inserted count with what it
/// sent and reports a shortfall with the server's first warnings.
/// </summary>
/// <remarks>
/// Not <see cref="MySqlBulkCopy"/>: it reads the table's schema with a query before every load, takes each value
/// through a dispatch over every type it supports, and encodes a string piece by piece between the characters it
/// escapes; here the column types are checked once, and a string is transcoded in one call and its bytes scanned.
/// The load runs under the configured command timeout: with none, a half-open connection (a proxy or a network path
/// that stops forwarding without closing) would hold a writer slot forever.
/// </remarks>
internal sealed class LoadDataApiRequestWriter : IApiRequestBulkWriter
{
    private readonly ApiRequestColumnLayout layout;
    private readonly int commandTimeoutSeconds;

    public LoadDataApiRequestWriter(ApiRequestColumnLayout layout, int commandTimeoutSeconds)
    {
        if (layout.Columns.FirstOrDefault(column => !LoadDataFormat.Supports(column.ProviderType)) is { } unsupported)
        {
            throw new InvalidOperationException(
                $"Column {unsupported.Name} of {layout.TableName} has values of type {unsupported.ProviderType.Name}, which LOAD DATA cannot be given.");
        }

        this.layout = layout;
        this.commandTimeoutSeconds = commandTimeoutSeconds;
    }

    public string Name => "load data";

    // The loader runs its statement in the connection's current transaction, which is the caller's.
    public async Task WriteAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyList<PreparedApiRequestRow> rows, CancellationToken cancellationToken)
    {
        var loader = new MySqlBulkLoader(connection)
        {
            TableName = layout.QuotedTableName,
            Local = true,
            SourceStream = new LoadDataRowStream(rows),
            CharacterSet = LoadDataFormat.CharacterSet,
            FieldTerminator = LoadDataFormat.FieldTerminator,
            LineTerminator = LoadDataFormat.LineTerminator,
            EscapeCharacter = LoadDataFormat.EscapeCharacter,
            ConflictOption = MySqlBulkLoaderConflictOption.Ignore,
            Timeout = commandTimeoutSeconds,
        };
        loader.Columns.AddRange(layout.QuotedColumnNames);

        var warnings = new List<MySqlError>();
        void Collect(object sender, MySqlInfoMessageEventArgs message) => warnings.AddRange(message.Errors);
        connection.InfoMessage += Collect;
        int inserted;
        try
        {
            inserted = await loader.LoadAsync(cancellationToken);
        }
        finally
        {
            connection.InfoMessage -= Collect;
        }

        if (inserted != rows.Count)
        {
            var listed = string.Join("; ", warnings.Take(5).Select(warning => $"{(int)warning.ErrorCode}: {warning.Message}"));
            var firstCode = warnings.Count > 0 ? (int)warnings[0].ErrorCode : 0;
            throw new ApiRequestRowsSkippedException(
                $"{rows.Count} rows sent but {inserted} inserted{(listed.Length > 0 ? $" ({listed})" : "")}.", firstCode);
        }
    }
}
