namespace GatewayPersistence.Repositories;

/// <inheritdoc cref="IRoutingConfigRepository" />
internal sealed class RoutingConfigRepository(IDbContextFactory<GatewayDbContext> contextFactory, TimeProvider timeProvider)
    : RepositoryBase<RoutingConfig>(contextFactory, timeProvider), IRoutingConfigRepository
{
    public Task<IReadOnlyList<RoutingConfig>> GetAllAsync(int limit = DefaultListLimit, CancellationToken cancellationToken = default)
        => ListAsync(Newest, limit, cancellationToken);

    public Task<IReadOnlyList<RoutingConfig>> GetEnabledAsync(int limit = DefaultListLimit, CancellationToken cancellationToken = default)
        => ListAsync(configs => Newest(configs.Where(c => c.Enabled)), limit, cancellationToken);

    public Task<RoutingConfig?> GetByIdAsync(string id, CancellationToken cancellationToken = default)
        => FindAsync(c => c.Id == id, cancellationToken);

    public Task<RoutingConfig> CreateAsync(NewRoutingConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var now = Now();
        return InsertAsync(new RoutingConfig
        {
            Id = RepositoryIds.GivenOrNew(config.Id),
            Name = config.Name,
            Description = config.Description,
            Type = config.Type,
            Config = config.Config,
            Enabled = config.Enabled,
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
    }

    public Task<bool> UpdateAsync(string id, RoutingConfigPatch patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return UpdateWhereAsync(c => c.Id == id, set => set
            .Set(c => c.Name, patch.Name)
            .Set(c => c.Description, patch.Description)
            .Set(c => c.Type, patch.Type)
            .Set(c => c.Config, patch.Config)
            .Set(c => c.Enabled, patch.Enabled), c => c.UpdatedAt, cancellationToken);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
        => DeleteWhereAsync(c => c.Id == id, cancellationToken);

    private static IQueryable<RoutingConfig> Newest(IQueryable<RoutingConfig> configs)
        => configs.OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Id);
}
