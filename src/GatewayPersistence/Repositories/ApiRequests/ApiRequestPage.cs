namespace GatewayPersistence.Repositories;

/// <summary>One page of the request log, newest first (then by id, descending).</summary>
/// <param name="Items">The rows of the page.</param>
/// <param name="Total">
/// Visible rows matching the filters, over all pages (exact; counted from the rollups and the raw rows of the window's
/// edge hours); -1 when the query asked for no total.
/// </param>
/// <param name="Page">1-based page number (offset / page size + 1); 0 for a page read by cursor, whose number is not known.</param>
/// <param name="PageSize">The page size asked for.</param>
/// <param name="TotalPages">Pages needed for <paramref name="Total"/> rows (0 without a total).</param>
public sealed record ApiRequestPage(IReadOnlyList<ApiRequest> Items, long Total, int Page, int PageSize, int TotalPages)
{
    /// <summary>
    /// The cursor of the next page (pass it as <see cref="ApiRequestQuery.Cursor"/> with the same filters), or null when
    /// this page is the last one.
    /// </summary>
    public string? NextCursor { get; init; }
}
