namespace GatewayPersistence.Repositories;

/// <inheritdoc cref="IExpertRoutingLogRepository" />
internal sealed class ExpertRoutingLogRepository(IDbContextFactory<GatewayDbContext> contextFactory, TimeProvider timeProvider)
    : RepositoryBase<ExpertRoutingLog>(contextFactory, timeProvider), IExpertRoutingLogRepository
{
    public const int DefaultLogLimit = RepositoryDefaults.LogLimit;

    public Task<IReadOnlyList<ExpertRoutingLog>> GetAllAsync(int limit = DefaultLogLimit, CancellationToken cancellationToken = default)
        => ListAsync(Newest, limit, cancellationToken);

    public Task<ExpertRoutingLog?> GetByIdAsync(string id, CancellationToken cancellationToken = default)
        => FindAsync(l => l.Id == id, cancellationToken);

    public Task<IReadOnlyList<ExpertRoutingLog>> GetByConfigIdAsync(
        string expertRoutingId, int limit = DefaultLogLimit, CancellationToken cancellationToken = default)
        => ListAsync(logs => Newest(logs.Where(l => l.ExpertRoutingId == expertRoutingId)), limit, cancellationToken);

    public Task<IReadOnlyList<ExpertRoutingLog>> GetByConfigAndCategoryAsync(
        string expertRoutingId, string category, int limit = DefaultLogLimit, CancellationToken cancellationToken = default)
        => ListAsync(
            logs => Newest(logs.Where(l => l.ExpertRoutingId == expertRoutingId && l.ClassificationResult == category)),
            limit,
            cancellationToken);

    public Task<ExpertRoutingLog> CreateAsync(NewExpertRoutingLog log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        return InsertAsync(new ExpertRoutingLog
        {
            Id = RepositoryIds.GivenOrNew(log.Id),
            VirtualKeyId = log.VirtualKeyId,
            ExpertRoutingId = log.ExpertRoutingId,
            RequestHash = log.RequestHash,
            ClassifierModel = log.ClassifierModel,
            ClassificationResult = log.ClassificationResult,
            SelectedExpertId = log.SelectedExpertId,
            SelectedExpertType = log.SelectedExpertType,
            SelectedExpertName = log.SelectedExpertName,
            ClassificationTime = log.ClassificationTime,
            OriginalRequest = log.OriginalRequest,
            ClassifierRequest = log.ClassifierRequest,
            ClassifierResponse = log.ClassifierResponse,
            RouteSource = log.RouteSource,
            PromptTokens = log.PromptTokens,
            CleanedContentLength = log.CleanedContentLength,
            CreatedAt = Now(),
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ExpertRoutingCategoryStats>> GetCategoryStatsAsync(
        string expertRoutingId, TimeSpan? within = null, CancellationToken cancellationToken = default)
    {
        if (within is { } window)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        }

        return ReadAsync<IReadOnlyList<ExpertRoutingCategoryStats>>(async context =>
        {
            var logs = context.ExpertRoutingLogs.Where(l => l.ExpertRoutingId == expertRoutingId);
            if (within is { } span)
            {
                var since = Now() - span;
                logs = logs.Where(l => l.CreatedAt >= since);
            }

            var rows = await logs
                .GroupBy(l => l.ClassificationResult)
                .Select(g => new { Category = g.Key, Count = g.Count(), Average = g.Average(l => (double?)l.ClassificationTime) })
                .OrderByDescending(s => s.Count).ThenBy(s => s.Category)
                .ToListAsync(cancellationToken);
            return rows.Select(s => new ExpertRoutingCategoryStats(s.Category, s.Count, s.Average)).ToList();
        }, cancellationToken);
    }

    public async Task<ExpertRoutingGlobalStats> GetGlobalStatsAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var stats = await ReadAsync(context => context.ExpertRoutingLogs
            .Where(l => l.CreatedAt >= since)
            .GroupBy(l => 1)
            .Select(g => new ExpertRoutingGlobalStats(g.Count(), g.Average(l => (double?)l.ClassificationTime)))
            .FirstOrDefaultAsync(cancellationToken), cancellationToken);
        return stats ?? new ExpertRoutingGlobalStats(0, null);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
        => DeleteWhereAsync(l => l.Id == id, cancellationToken);

    private static IQueryable<ExpertRoutingLog> Newest(IQueryable<ExpertRoutingLog> logs)
        => logs.OrderByDescending(l => l.CreatedAt).ThenBy(l => l.Id);
}
