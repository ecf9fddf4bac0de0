namespace GatewayPersistence.Repositories;

/// <summary>
/// A page request over the request log, newest first, with optional filters (all combined with AND; a filter is an
/// exact match and, when set, must not be empty).
/// </summary>
/// <remarks>
/// Two ways to page. <b>By cursor</b> (recommended): leave <see cref="Cursor"/> null for the first page, then pass the
/// <see cref="ApiRequestPage.NextCursor"/> of the page before; every page costs the same however deep it is (an index
/// range from the cursor on). Rows written while paging never make a page skip or repeat a row. <b>By offset</b> (kept
/// for compatibility): <see cref="Offset"/> rows are read and thrown away, so page <c>n</c> costs <c>n × Limit</c> row
/// reads (about 6 s for a page 100,000 rows deep at 1M rows), and rows written meanwhile shift the pages.
/// </remarks>
public sealed record ApiRequestQuery
{
    /// <summary>Only rows of this virtual key.</summary>
    public string? VirtualKeyId { get; init; }

    /// <summary>Only rows served by this provider.</summary>
    public string? ProviderId { get; init; }

    /// <summary>Only rows for this model name.</summary>
    public string? Model { get; init; }

    /// <summary>Only rows created at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only rows created at or before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>
    /// Only rows with this status. <c>success</c> and <c>error</c> are totalled from the rollups; any other value is
    /// totalled from its raw rows (exact, costing that status's rows in the window).
    /// </summary>
    public string? Status { get; init; }

    /// <summary>Page size (default 100, at most 1,000).</summary>
    public int Limit { get; init; } = RepositoryDefaults.RequestPageSize;

    /// <summary>Rows to skip (default 0); not combinable with <see cref="Cursor"/>.</summary>
    public int Offset { get; init; }

    /// <summary>
    /// Where the page starts: the <see cref="ApiRequestPage.NextCursor"/> of the previous page (an opaque string), or null
    /// for the first page. Pass the same filters with it.
    /// </summary>
    public string? Cursor { get; init; }

    /// <summary>Whether the page carries <see cref="ApiRequestPage.Total"/> (default true; false saves its query on later pages).</summary>
    public bool IncludeTotal { get; init; } = true;
}
