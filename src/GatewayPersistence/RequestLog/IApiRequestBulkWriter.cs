using MySqlConnector;
namespace GatewayPersistence.RequestLog;

/// <summary>Sends prepared rows to <c>api_requests</c> inside the caller's transaction.</summary>
internal interface IApiRequestBulkWriter
{
    /// <summary>Short name for logs.</summary>
    string Name { get; }

    /// <summary>
    /// Inserts every row of <paramref name="rows"/> (none of which exists yet) or throws: a row the server skipped
    /// surfaces as <see cref="ApiRequestRowsSkippedException"/>, a refused one as <see cref="MySqlException"/>.
    /// </summary>
    Task WriteAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyList<PreparedApiRequestRow> rows, CancellationToken cancellationToken);
}
