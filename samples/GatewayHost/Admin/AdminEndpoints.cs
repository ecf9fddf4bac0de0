using GatewayHost.Temporary;

namespace GatewayHost.Admin;

/// <summary>
/// <c>/admin/*</c>: statistics, trend, the request list and a flush. Unauthenticated, like the rest of this sample's
/// admin surface: the host binds to loopback; a real gateway puts these behind its admin login.
/// </summary>
internal static class AdminEndpoints
{
    private const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin");

        // GET /admin/stats?from=&to= (ISO-8601; default: the last 24 hours)
        admin.MapGet("/stats", async (DateTimeOffset? from, DateTimeOffset? to, TemporaryGatewayStore store, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var (start, end) = Window(from, to, time, TimeSpan.FromDays(1));
            if (start > end)
            {
                return Results.BadRequest(new { error = "'from' must not be after 'to'." });
            }

            // TODO(integration): IApiRequestStatistics.GetStatsAsync
            return Results.Ok(await store.GetStatsAsync(start, end, cancellationToken));
        });

        // GET /admin/trend?from=&to=&interval=hour|day (default: hourly over the last 24 hours)
        admin.MapGet("/trend", async (DateTimeOffset? from, DateTimeOffset? to, string? interval, TemporaryGatewayStore store, TimeProvider time, CancellationToken cancellationToken) =>
        {
            TimeSpan? step = (interval ?? "hour") switch
            {
                "hour" => TimeSpan.FromHours(1),
                "day" => TimeSpan.FromDays(1),
                _ => null,
            };
            if (step is null)
            {
                return Results.BadRequest(new { error = "'interval' must be 'hour' or 'day'." });
            }

            var (start, end) = Window(from, to, time, step == TimeSpan.FromDays(1) ? TimeSpan.FromDays(7) : TimeSpan.FromDays(1));
            if (start > end || (end - start) / step.Value > 24 * 366)
            {
                return Results.BadRequest(new { error = "'from' must not be after 'to', and the window must hold at most 8784 buckets." });
            }

            // TODO(integration): IApiRequestStatistics.GetTrendAsync
            return Results.Ok(await store.GetTrendAsync(start, end, step.Value, cancellationToken));
        });

        // GET /admin/requests?page=1&pageSize=50&status=success|error
        admin.MapGet("/requests", async (int? page, int? pageSize, string? status, TemporaryGatewayStore store, CancellationToken cancellationToken) =>
        {
            var pageNumber = page ?? 1;
            var size = pageSize ?? 50;
            if (pageNumber < 1 || size < 1 || size > MaxPageSize)
            {
                return Results.BadRequest(new { error = $"'page' must be at least 1 and 'pageSize' between 1 and {MaxPageSize}." });
            }

            // TODO(integration): IApiRequestRepository.GetAllAsync(paged query)
            return Results.Ok(await store.GetRequestsAsync(pageNumber, size, status, cancellationToken));
        });

        // POST /admin/flush: writes every queued request-log record before answering (the demo's consistency point).
        admin.MapPost("/flush", async () =>
        {
            // TODO(integration): await requestLog.FlushAsync(cancellationToken)
            await TemporaryGatewayStore.FlushAsync();
            return Results.Ok(new { flushed = true });
        });

        return endpoints;
    }

    private static (DateTimeOffset Start, DateTimeOffset End) Window(DateTimeOffset? from, DateTimeOffset? to, TimeProvider time, TimeSpan defaultLength)
    {
        var end = to ?? time.GetUtcNow();
        return (from ?? end - defaultLength, end);
    }
}
