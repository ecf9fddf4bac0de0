namespace GatewayPersistence.Repositories;

/// <summary>
/// Reads and maintenance of the request log (table <c>api_requests</c>). Rows are written by the request-log pipeline
/// (<c>IApiRequestLog.Enqueue</c>), never here; statistics and trends live in <c>Statistics/</c>.
/// Every read hides rows whose virtual key has <c>disable_logging</c> set; rows without a key (or whose key was
/// deleted) stay visible.
/// </summary>
public interface IApiRequestRepository
{
    /// <summary>
    /// One page of visible rows matching <paramref name="query"/> (all rows when null), newest first, with the exact total
    /// count and the cursor of the next page. Page by <see cref="ApiRequestQuery.Cursor"/> for pages that cost the same at
    /// any depth (see <see cref="ApiRequestQuery"/>); the total is counted from the hourly rollups plus the raw rows of the
    /// window's edge hours, so it costs milliseconds at any size. With row retention on, the list starts at the retention
    /// floor: rows below it are (being) deleted.
    /// </summary>
    /// <exception cref="ArgumentException">An empty filter, a cursor this log did not issue, or a cursor with an offset.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A page size outside 1..1,000 or a negative offset.</exception>
    Task<ApiRequestPage> GetAllAsync(ApiRequestQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>The visible row with <paramref name="id"/>, or <see langword="null"/>.</summary>
    Task<ApiRequest?> GetByIdAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Visible rows of a virtual key, newest first (then by id), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ApiRequest>> GetByVirtualKeyAsync(string virtualKeyId, int limit = RepositoryDefaults.LogLimit, CancellationToken cancellationToken = default);

    /// <summary>IP and time of the newest visible row, or <see langword="null"/> when there is none.</summary>
    Task<LastRequestInfo?> GetLastRequestAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Clears <c>request_body</c> and <c>response_body</c> of rows created more than <paramref name="days"/> days ago,
    /// keeping the rows, in statements of about 5,000 rows each so no statement holds locks for long. Returns the number of
    /// rows whose bodies were cleared (rows already without bodies are not counted).
    /// </summary>
    Task<int> CleanOldRecordsAsync(int days = 30, CancellationToken cancellationToken = default);

    /// <summary>Size of the current database (data and indexes of every table) in MB, from <c>information_schema.TABLES</c>.</summary>
    Task<double> GetDatabaseSizeMbAsync(CancellationToken cancellationToken = default);

    /// <summary>How long the database server has been up (<c>SHOW GLOBAL STATUS LIKE 'Uptime'</c>).</summary>
    Task<TimeSpan> GetServerUptimeAsync(CancellationToken cancellationToken = default);
}
