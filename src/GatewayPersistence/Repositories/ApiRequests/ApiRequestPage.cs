namespace GatewayPersistence.Repositories;

/// <summary>One page of the request log, newest first (then by id).</summary>
/// <param name="Items">The rows of the page.</param>
/// <param name="Total">Visible rows matching the filters, over all pages.</param>
/// <param name="Page">1-based page number (offset / page size + 1).</param>
/// <param name="PageSize">The page size asked for.</param>
/// <param name="TotalPages">Pages needed for <paramref name="Total"/> rows.</param>
public sealed record ApiRequestPage(IReadOnlyList<ApiRequest> Items, long Total, int Page, int PageSize, int TotalPages);
