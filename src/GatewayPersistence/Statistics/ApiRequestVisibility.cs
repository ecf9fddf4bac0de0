using GatewayPersistence.Sql;

namespace GatewayPersistence.Statistics;

/// <summary>
/// The visibility rule of every request-log read, written once for LINQ and once for SQL: rows whose virtual key has
/// <c>disable_logging</c> set are hidden; rows without a key, or whose key no longer exists, stay visible. The key's
/// current flag decides, so turning it on hides the key's past rows too (rollup hours included, which is why the rollups
/// keep the key id rather than a visibility bit).
/// </summary>
internal static class ApiRequestVisibility
{
    /// <summary>The visible rows of <c>api_requests</c>, untracked (NOT EXISTS, so a missing key hides nothing).</summary>
    public static IQueryable<ApiRequest> VisibleRequests(GatewayDbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return VisibleRequests(context, context.ApiRequests);
    }

    /// <summary>
    /// The visible rows of <paramref name="requests"/>, a source of <c>api_requests</c> rows of
    /// <paramref name="context"/> (such as one that names its index), untracked.
    /// </summary>
    public static IQueryable<ApiRequest> VisibleRequests(GatewayDbContext context, IQueryable<ApiRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requests);
        return requests.AsNoTracking()
            .Where(r => !context.VirtualKeys.Any(k => k.Id == r.VirtualKeyId && k.DisableLogging));
    }

    /// <summary>
    /// The SQL condition on a <c>virtual_keys</c> row LEFT JOINed as <paramref name="keyAlias"/> (NULL when the request
    /// has no key or its key is gone) that keeps visible rows.
    /// </summary>
    public static string VisibleKeySql(GatewaySqlNames n, string keyAlias)
    {
        ArgumentNullException.ThrowIfNull(n);
        return $"COALESCE({keyAlias}.{n.KeyDisableLogging}, 0) <> 1";
    }
}
