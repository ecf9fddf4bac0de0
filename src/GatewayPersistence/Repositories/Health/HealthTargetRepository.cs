using GatewayPersistence.Sql;
using MySqlConnector;

namespace GatewayPersistence.Repositories;

/// <inheritdoc cref="IHealthTargetRepository" />
internal sealed class HealthTargetRepository(IDbContextFactory<GatewayDbContext> contextFactory, TimeProvider timeProvider)
    : RepositoryBase<HealthTarget>(contextFactory, timeProvider), IHealthTargetRepository
{
    /// <summary>The schema's default check interval, also used for a NULL interval.</summary>
    public const int DefaultCheckIntervalSeconds = 300;

    public Task<IReadOnlyList<HealthTarget>> GetAllAsync(int limit = DefaultListLimit, CancellationToken cancellationToken = default)
        => ListAsync(Newest, limit, cancellationToken);

    public Task<IReadOnlyList<HealthTarget>> GetEnabledAsync(int limit = DefaultListLimit, CancellationToken cancellationToken = default)
        => ListAsync(targets => Newest(targets.Where(t => t.Enabled)), limit, cancellationToken);

    public Task<IReadOnlyList<HealthTarget>> GetDueTargetsAsync(
        DateTimeOffset now, int limit = DefaultListLimit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<HealthTarget>>(async context => await Newest(DueTargets(context, now))
            .Take(limit).ToListAsync(cancellationToken), cancellationToken);
    }

    public Task<HealthTarget?> GetByIdAsync(string id, CancellationToken cancellationToken = default)
        => FindAsync(t => t.Id == id, cancellationToken);

    public Task<HealthTarget> CreateAsync(NewHealthTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var now = Now();
        return InsertAsync(new HealthTarget
        {
            Id = RepositoryIds.GivenOrNew(target.Id),
            Name = target.Name,
            DisplayTitle = target.DisplayTitle,
            Type = target.Type,
            TargetId = target.TargetId,
            Enabled = target.Enabled,
            CheckIntervalSeconds = target.CheckIntervalSeconds,
            CheckPrompt = target.CheckPrompt,
            CheckConfig = target.CheckConfig,
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
    }

    public Task<bool> UpdateAsync(string id, HealthTargetPatch patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return UpdateWhereAsync(t => t.Id == id, set => set
            .Set(t => t.Name, patch.Name)
            .Set(t => t.DisplayTitle, patch.DisplayTitle)
            .Set(t => t.Type, patch.Type)
            .Set(t => t.TargetId, patch.TargetId)
            .Set(t => t.Enabled, patch.Enabled)
            .Set(t => t.CheckIntervalSeconds, patch.CheckIntervalSeconds)
            .Set(t => t.CheckPrompt, patch.CheckPrompt)
            .Set(t => t.CheckConfig, patch.CheckConfig), t => t.UpdatedAt, cancellationToken);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
        => DeleteWhereAsync(t => t.Id == id, cancellationToken);

    /// <summary>
    /// Enabled targets whose newest run is at least their interval old, or that have none. The newest run comes from a
    /// correlated <c>ORDER BY created_at DESC LIMIT 1</c> on <c>(target_id, created_at)</c>: one backward index seek per
    /// target, never a scan of the runs. (Tests EXPLAIN this query.)
    /// </summary>
    internal static IQueryable<HealthTarget> DueTargets(GatewayDbContext context, DateTimeOffset now)
    {
        var targets = SqlModel.For(context).Table<HealthTarget>();
        var runs = SqlModel.For(context).Table<HealthRun>();
        var sql = $"""
            SELECT t.* FROM {targets.Name} AS t
            WHERE t.{targets.Column(t => t.Enabled)} = 1
              AND IFNULL(
                (SELECT r.{runs.Column(r => r.CreatedAt)} FROM {runs.Name} AS r
                 WHERE r.{runs.Column(r => r.TargetId)} = t.{targets.Column(t => t.Id)}
                 ORDER BY r.{runs.Column(r => r.CreatedAt)} DESC LIMIT 1)
                <= @now - COALESCE(t.{targets.Column(t => t.CheckIntervalSeconds)}, {DefaultCheckIntervalSeconds}) * 1000,
                TRUE)
            """;
        return context.HealthTargets.FromSqlRaw(sql, new MySqlParameter("@now", now.ToUnixTimeMilliseconds())).AsNoTracking();
    }

    private static IQueryable<HealthTarget> Newest(IQueryable<HealthTarget> targets)
        => targets.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id);
}
