namespace GatewayPersistence.Statistics;

/// <summary>Exact-match filters of a request-list total; null means no filter.</summary>
internal sealed record ListingFilters(string? VirtualKeyId, string? ProviderId, string? Model, string? Status)
{
    /// <summary>The status values the rollups count (<c>success_count</c>, <c>error_count</c>); others are counted from raw rows.</summary>
    public bool StatusIsCountedByRollups => Status is null or ApiRequestListingTotal.SuccessStatus or ApiRequestListingTotal.ErrorStatus;
}
