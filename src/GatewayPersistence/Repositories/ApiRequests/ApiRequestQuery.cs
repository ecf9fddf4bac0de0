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
    public int Limit { get; init; } = RepositoryDefaults.RequestPageSize;

    /// <summary>Rows to skip (default 0).</summary>
    public int Offset { get; init; }
}
