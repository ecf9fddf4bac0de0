using GatewayPersistence;
using GatewayPersistence.Entities;
using GatewayPersistence.RequestLog;
using GatewayPersistence.Text;
using Microsoft.EntityFrameworkCore;

namespace GatewayHost.Temporary;

// TEMPORARY (until integration): the repositories, the request-log pipeline and the statistics are being built on
// other branches. This class stands in for them with GatewayDbContext directly, so that the end-to-end path and the
// demo run today. At integration every member is replaced by the real interface and this file is deleted:
//   FindKeyAsync        -> IVirtualKeyRepository.GetByKeyValueAsync
//   LogAsync            -> IApiRequestLog.Enqueue (never a direct insert; the pipeline bounds the strings)
//   FlushAsync          -> IApiRequestLog.FlushAsync
//   GetStatsAsync       -> IApiRequestStatistics.GetStatsAsync
//   GetTrendAsync       -> IApiRequestStatistics.GetTrendAsync
//   GetRequestsAsync    -> IApiRequestRepository.GetAllAsync (paged)

/// <summary>Totals over a window, with the legacy getStats definitions (tokens only of rows that were not cache hits).</summary>
internal sealed record TemporaryStats(
    long TotalRequests, long SuccessfulRequests, long FailedRequests, long PromptTokens, long CompletionTokens,
    long TotalTokens, long CachedTokens, double AverageResponseTimeMs, long CacheHits, long PromptCacheHits);

/// <summary>One trend bucket (all keys together).</summary>
internal sealed record TemporaryTrendPoint(DateTimeOffset BucketStart, long Requests, long Successful, long Failed, long TotalTokens);

/// <summary>One logged request as the admin list shows it (no bodies).</summary>
internal sealed record TemporaryRequestRow(
    string Id, DateTimeOffset CreatedAt, string? VirtualKeyId, string? Model, string? Status,
    int? PromptTokens, int? CompletionTokens, int? ResponseTimeMs);

/// <summary>One page of logged requests.</summary>
internal sealed record TemporaryRequestPage(IReadOnlyList<TemporaryRequestRow> Rows, long Total, int Page, int PageSize, int TotalPages);

/// <summary>Stand-in for the library's repositories, request log and statistics (see the note at the top of the file).</summary>
internal sealed class TemporaryGatewayStore(IDbContextFactory<GatewayDbContext> contexts)
{
    private const int BodyByteLimit = 5_000;

    public async Task<VirtualKey?> FindKeyAsync(string keyValue, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.VirtualKeys.AsNoTracking().FirstOrDefaultAsync(key => key.KeyValue == keyValue, cancellationToken);
    }

    public async Task LogAsync(ApiRequestRecord record, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        context.ApiRequests.Add(new ApiRequest
        {
            Id = record.Id,
            CreatedAt = record.CreatedAt,
            VirtualKeyId = record.VirtualKeyId,
            ProviderId = record.ProviderId,
            Model = record.Model,
            PromptTokens = record.PromptTokens,
            CompletionTokens = record.CompletionTokens,
            CachedTokens = record.CachedTokens,
            Status = record.Status,
            ResponseTime = record.ResponseTimeMs,
            TfftMs = record.TfftMs,
            TffbMs = record.TffbMs,
            ErrorMessage = Bound(record.ErrorMessage),
            RequestBody = Bound(record.RequestBody),
            ResponseBody = Bound(record.ResponseBody),
            CacheHit = record.CacheHit,
            RequestType = record.RequestType,
            Ip = record.Ip is null ? null : Utf8Text.TruncateToCharacters(record.Ip, 45),
            UserAgent = record.UserAgent is null ? null : Utf8Text.TruncateToCharacters(record.UserAgent, 500),
        });
        await context.SaveChangesAsync(CancellationToken.None);
    }

    public static Task FlushAsync() => Task.CompletedTask;

    public async Task<TemporaryStats> GetStatsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var totals = await Window(context, from, to)
            .GroupBy(_ => 1)
            .Select(rows => new
            {
                Total = rows.LongCount(),
                Successful = rows.LongCount(r => r.Status == "success"),
                Failed = rows.LongCount(r => r.Status == "error"),
                Prompt = rows.Sum(r => r.CacheHit ? 0 : (long)(r.PromptTokens ?? 0)),
                Completion = rows.Sum(r => r.CacheHit ? 0 : (long)(r.CompletionTokens ?? 0)),
                Cached = rows.Sum(r => (long)(r.CachedTokens ?? 0)),
                AverageResponse = rows.Average(r => (double?)r.ResponseTime) ?? 0,
                CacheHits = rows.LongCount(r => r.CacheHit),
                PromptCacheHits = rows.LongCount(r => r.CachedTokens > 0),
            })
            .FirstOrDefaultAsync(cancellationToken);
        return totals is null
            ? new TemporaryStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            : new TemporaryStats(totals.Total, totals.Successful, totals.Failed, totals.Prompt, totals.Completion,
                totals.Prompt + totals.Completion, totals.Cached, Math.Round(totals.AverageResponse, 1), totals.CacheHits, totals.PromptCacheHits);
    }

    public async Task<IReadOnlyList<TemporaryTrendPoint>> GetTrendAsync(
        DateTimeOffset from, DateTimeOffset to, TimeSpan interval, CancellationToken cancellationToken)
    {
        // Buckets in memory over a projection: acceptable only for this stand-in (the library computes them in SQL).
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await Window(context, from, to)
            .Select(r => new { r.CreatedAt, r.Status, Tokens = (r.PromptTokens ?? 0) + (r.CompletionTokens ?? 0) })
            .ToListAsync(cancellationToken);
        var step = (long)interval.TotalMilliseconds;
        long BucketOf(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / step * step;
        var byBucket = rows.GroupBy(r => BucketOf(r.CreatedAt)).ToDictionary(g => g.Key);
        var points = new List<TemporaryTrendPoint>();
        for (var bucket = BucketOf(from); bucket <= to.ToUnixTimeMilliseconds(); bucket += step)
        {
            var start = DateTimeOffset.FromUnixTimeMilliseconds(bucket);
            points.Add(byBucket.TryGetValue(bucket, out var group)
                ? new TemporaryTrendPoint(start, group.LongCount(), group.LongCount(r => r.Status == "success"),
                    group.LongCount(r => r.Status == "error"), group.Sum(r => (long)r.Tokens))
                : new TemporaryTrendPoint(start, 0, 0, 0, 0));
        }

        return points;
    }

    public async Task<TemporaryRequestPage> GetRequestsAsync(int page, int pageSize, string? status, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var query = Visible(context);
        if (!string.IsNullOrEmpty(status))
        {
            query = query.Where(r => r.Status == status);
        }

        var total = await query.LongCountAsync(cancellationToken);
        var rows = await query.OrderByDescending(r => r.CreatedAt).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(r => new TemporaryRequestRow(r.Id, r.CreatedAt, r.VirtualKeyId, r.Model, r.Status, r.PromptTokens, r.CompletionTokens, r.ResponseTime))
            .ToListAsync(cancellationToken);
        return new TemporaryRequestPage(rows, total, page, pageSize, (int)((total + pageSize - 1) / pageSize));
    }

    private static IQueryable<ApiRequest> Window(GatewayDbContext context, DateTimeOffset from, DateTimeOffset to)
        => Visible(context).Where(r => r.CreatedAt >= from && r.CreatedAt <= to);

    // Rows of keys with disable_logging = 1 are hidden from every read (rows with no key, or a deleted key, stay visible).
    private static IQueryable<ApiRequest> Visible(GatewayDbContext context)
        => context.ApiRequests.AsNoTracking()
            .Where(r => !context.VirtualKeys.Any(key => key.Id == r.VirtualKeyId && key.DisableLogging));

    private static string? Bound(string? value) => value is null ? null : Utf8Text.TruncateWithMarker(value, BodyByteLimit);
}
