using GatewayHost.Auth;
using GatewayPersistence.Repositories;
using GatewayPersistence.RequestLog;
using GatewayPersistence.Statistics;

namespace GatewayHost.Admin;

/// <summary>
/// <c>/admin/*</c>: statistics, trend, the request list and a flush, all behind the admin login
/// (<see cref="AdminAuthentication.PolicyName"/>: a session cookie or a bearer token from <c>POST /admin/login</c>).
/// </summary>
internal static class AdminEndpoints
{
    /// <summary>The request list's largest page (the repository's own limit).</summary>

    private const int DefaultPageSize = 50;

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        // Every endpoint of the group needs a signed-in admin; the login endpoints are mapped apart (Auth/AdminLoginEndpoints).
        var admin = endpoints.MapGroup("/admin").RequireAdmin();

        // GET /admin/request-log: the pipeline's live state and counters (queue depth, spilling, drops, journal).
        admin.MapGet("/request-log", (IRequestLogState state) => Results.Ok(state.GetSnapshot()));

        // GET /admin/stats?from=&to=&provider=&model=&virtualKey= (ISO-8601, inclusive; default: the last 24 hours)
        admin.MapGet("/stats", async (
            DateTimeOffset? from, DateTimeOffset? to, string? provider, string? model, string? virtualKey,
            IApiRequestStatistics statistics, CancellationToken cancellationToken) =>
        {
            if (from > to)
            {
                return Results.BadRequest(new { error = "'from' must not be after 'to'." });
            }

            var query = new StatsQuery(from, to, Filter(virtualKey), Filter(provider), Filter(model));
            return Results.Ok(await statistics.GetStatsAsync(query, cancellationToken));
        });

        // GET /admin/trend?from=&to=&interval=hour|day&provider=&model=&virtualKey=
        // (default: hourly over the last 24 hours, daily over the last 7 days); one series per virtual key.
        admin.MapGet("/trend", async (
            DateTimeOffset? from, DateTimeOffset? to, string? interval, string? provider, string? model, string? virtualKey,
            IApiRequestStatistics statistics, CancellationToken cancellationToken) =>
        {
            TrendInterval? bucket = (interval ?? "hour") switch
            {
                "hour" => TrendInterval.Hour,
                "day" => TrendInterval.Day,
                _ => null,
            };
            if (bucket is null)
            {
                return Results.BadRequest(new { error = "'interval' must be 'hour' or 'day'." });
            }

            if (from > to)
            {
                return Results.BadRequest(new { error = "'from' must not be after 'to'." });
            }

            try
            {
                var query = new TrendQuery(from, to, bucket.Value, Filter(virtualKey), Filter(provider), Filter(model));
                return Results.Ok(await statistics.GetTrendAsync(query, cancellationToken));
            }
            catch (ArgumentOutOfRangeException exception)
            {
                // Too many buckets (GatewayPersistence:Statistics:MaxTrendBuckets); the message names the counts only.
                return Results.BadRequest(new { error = exception.Message });
            }
        });

        // GET /admin/requests?pageSize=50[&cursor=<nextCursor>] (cursor paging: any page costs the same), or
        // ?page=1&pageSize=50 / ?limit=50&offset=0 (offset paging: deep pages read every row before them),
        // plus from=&to= (ISO-8601, inclusive), status=success|error|..., virtualKey=, provider=, model=.
        admin.MapGet("/requests", async (
            int? page, int? pageSize, int? limit, int? offset, string? cursor, DateTimeOffset? from, DateTimeOffset? to,
            string? status, string? virtualKey, string? provider, string? model,
            IApiRequestRepository requests, CancellationToken cancellationToken) =>
        {
            if ((page ?? pageSize) is not null && (limit ?? offset) is not null)
            {
                return Results.BadRequest(new { error = "Use either 'page'/'pageSize' or 'limit'/'offset', not both." });
            }

            if (!string.IsNullOrEmpty(cursor) && (page ?? offset) is not null)
            {
                return Results.BadRequest(new { error = "'cursor' continues from the page before; it cannot be combined with 'page' or 'offset'." });
            }

            if (from > to)
            {
                return Results.BadRequest(new { error = "'from' must not be after 'to'." });
            }

            var size = pageSize ?? limit ?? DefaultPageSize;
            var pageNumber = page ?? 1;
            var skip = offset ?? 0;
            if (pageNumber < 1 || skip < 0 || size < 1 || size > RepositoryDefaults.MaxRequestPageSize)
            {
                return Results.BadRequest(new { error = $"'page' must be at least 1, 'offset' at least 0, and 'pageSize'/'limit' between 1 and {RepositoryDefaults.MaxRequestPageSize}." });
            }

            var query = new ApiRequestQuery
            {
                Limit = size,
                Offset = offset is null ? (int)Math.Min(int.MaxValue, (long)(pageNumber - 1) * size) : skip,
                Cursor = Filter(cursor),
                Since = from,
                Until = to,
                Status = Filter(status),
                VirtualKeyId = Filter(virtualKey),
                ProviderId = Filter(provider),
                Model = Filter(model),
            };
            try
            {
                return Results.Ok(await requests.GetAllAsync(query, cancellationToken));
            }
            catch (ArgumentException exception) when (exception is not ArgumentOutOfRangeException)
            {
                // A cursor that is not one a page returned; the message names the parameter only.
                return Results.BadRequest(new { error = exception.Message });
            }
        });

        // POST /admin/flush: answers once every record queued before it is committed (or, with the database away, in
        // the spill journal): the demo's and the tests' consistency point.
        admin.MapPost("/flush", async (IApiRequestLog requestLog, IRequestLogState state, CancellationToken cancellationToken) =>
        {
            var result = await requestLog.FlushAsync(cancellationToken);
            var snapshot = state.GetSnapshot();
            // Totals since start, and what this flush saw: dead-lettered rows are not in the database, so never "written".
            return Results.Ok(new
            {
                flushed = true, written = snapshot.Written, spilled = snapshot.Spilled, deadLettered = snapshot.DeadLettered,
                dropped = snapshot.Dropped, thisFlush = result,
            });
        });

        return endpoints;
    }

    /// <summary>An empty query value means no filter (the statistics reject empty filters).</summary>
    private static string? Filter(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
