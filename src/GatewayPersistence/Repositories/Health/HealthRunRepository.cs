using GatewayPersistence.Sql;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace GatewayPersistence.Repositories;

/// <inheritdoc cref="IHealthRunRepository" />
internal sealed class HealthRunRepository(
    IDbContextFactory<GatewayDbContext> contextFactory, TimeProvider timeProvider, ILogger<HealthRunRepository> logger)
    : RepositoryBase<HealthRun>(contextFactory, timeProvider), IHealthRunRepository
{
    public const int DefaultRunLimit = RepositoryDefaults.LogLimit;

    public const int DefaultWindowLimit = RepositoryDefaults.WindowLimit;

    public Task<IReadOnlyList<HealthRun>> GetAllAsync(int limit = DefaultRunLimit, CancellationToken cancellationToken = default)
        => ListAsync(Newest, limit, cancellationToken);

    public Task<HealthRun?> GetByIdAsync(string id, CancellationToken cancellationToken = default)
        => FindAsync(r => r.Id == id, cancellationToken);

    public Task<IReadOnlyList<HealthRun>> GetByTargetAsync(string targetId, int limit = DefaultRunLimit, CancellationToken cancellationToken = default)
        => ListAsync(runs => Newest(runs.Where(r => r.TargetId == targetId)), limit, cancellationToken);

    public Task<IReadOnlyList<HealthRun>> GetByTargetInWindowAsync(
        string targetId, DateTimeOffset since, DateTimeOffset until, int limit = DefaultWindowLimit, CancellationToken cancellationToken = default)
        => ListAsync(
            runs => runs.Where(r => r.TargetId == targetId && r.CreatedAt >= since && r.CreatedAt <= until)
                .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id),
            limit,
            cancellationToken);

    public async Task<HealthRunStats> GetStatsAsync(
        string targetId, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var stats = await ReadAsync(context => context.HealthRuns
            .Where(r => r.TargetId == targetId && r.CreatedAt >= since && r.CreatedAt <= until)
            .GroupBy(r => r.TargetId)
            .Select(g => new HealthRunStats(
                g.Count(),
                g.Count(r => r.Status == HealthRunStatus.Success),
                g.Count(r => r.Status == HealthRunStatus.Error),
                g.Average(r => (double?)r.LatencyMs),
                g.Min(r => (int?)r.LatencyMs),
                g.Max(r => (int?)r.LatencyMs)))
            .FirstOrDefaultAsync(cancellationToken), cancellationToken);
        return stats ?? new HealthRunStats(0, 0, 0, null, null, null);
    }

    public Task<HealthRun> CreateAsync(NewHealthRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return InsertAsync(new HealthRun
        {
            Id = RepositoryIds.GivenOrNew(run.Id),
            TargetId = run.TargetId,
            Status = run.Status,
            LatencyMs = run.LatencyMs,
            ErrorType = run.ErrorType,
            ErrorMessage = run.ErrorMessage,
            RequestId = run.RequestId,
            CreatedAt = Now(),
        }, cancellationToken);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
        => DeleteWhereAsync(r => r.Id == id, cancellationToken);

    public async Task<int> CleanOldRecordsAsync(int days = 7, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var cutoff = Now().AddDays(-days);
        await using var context = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var runs = SqlModel.For(context).Table<HealthRun>();
        var createdAt = runs.Column(r => r.CreatedAt);
        var sql = $"DELETE FROM {runs.Name} WHERE {createdAt} < @cutoff ORDER BY {createdAt} LIMIT {CleanupChunkSize}";
        var (rows, statements) = await RunInChunksAsync(
            token => context.Database.ExecuteSqlRawAsync(sql, [new MySqlParameter("@cutoff", cutoff.ToUnixTimeMilliseconds())], token),
            cancellationToken);
        logger.LogHealthRunsCleaned(rows, days, statements);
        return rows;
    }

    private static IQueryable<HealthRun> Newest(IQueryable<HealthRun> runs)
        => runs.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id);
}
