namespace GatewayPersistence.Repositories;

/// <summary>A page request over the request log, with optional filters (all combined with AND).</summary>
public sealed record ApiRequestQuery
{
    /// <summary>Only rows of this virtual key.</summary>
    public string? VirtualKeyId { get; init; }

    /// <summary>Only rows created at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only rows created at or before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Only rows with this status (<c>success</c> or <c>error</c> in practice).</summary>
    public string? Status { get; init; }

    /// <summary>Page size (default 100, at most 1,000).</summary>
    public int Limit { get; init; } = ApiRequestRepository.DefaultPageSize;

    /// <summary>Rows to skip (default 0).</summary>
    public int Offset { get; init; }
}

/// <summary>One page of the request log, newest first (then by id).</summary>
/// <param name="Items">The rows of the page.</param>
/// <param name="Total">Visible rows matching the filters, over all pages.</param>
/// <param name="Page">1-based page number (offset / page size + 1).</param>
/// <param name="PageSize">The page size asked for.</param>
/// <param name="TotalPages">Pages needed for <paramref name="Total"/> rows.</param>
public sealed record ApiRequestPage(IReadOnlyList<ApiRequest> Items, long Total, int Page, int PageSize, int TotalPages);

/// <summary>Where and when the newest visible request came from.</summary>
/// <param name="Ip">Client IP address, if recorded.</param>
/// <param name="CreatedAt">When the request happened.</param>
public sealed record LastRequestInfo(string? Ip, DateTimeOffset CreatedAt);
