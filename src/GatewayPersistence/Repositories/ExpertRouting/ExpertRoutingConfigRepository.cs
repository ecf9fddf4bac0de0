namespace GatewayPersistence.Repositories;

/// <inheritdoc cref="IExpertRoutingConfigRepository" />
internal sealed class ExpertRoutingConfigRepository(IDbContextFactory<GatewayDbContext> contextFactory, TimeProvider timeProvider)
    : RepositoryBase<ExpertRoutingConfig>(contextFactory, timeProvider), IExpertRoutingConfigRepository
{
    public Task<IReadOnlyList<ExpertRoutingConfig>> GetAllAsync(int limit = DefaultListLimit, CancellationToken cancellationToken = default)
        => ListAsync(Newest, limit, cancellationToken);

    public Task<IReadOnlyList<ExpertRoutingConfig>> GetEnabledAsync(int limit = DefaultListLimit, CancellationToken cancellationToken = default)
        => ListAsync(configs => Newest(configs.Where(c => c.Enabled)), limit, cancellationToken);

    public Task<ExpertRoutingConfig?> GetByIdAsync(string id, CancellationToken cancellationToken = default)
        => FindAsync(c => c.Id == id, cancellationToken);

    public Task<ExpertRoutingConfig> CreateAsync(NewExpertRoutingConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var now = Now();
        return InsertAsync(new ExpertRoutingConfig
        {
            Id = RepositoryIds.GivenOrNew(config.Id),
            Name = config.Name,
            Description = config.Description,
            Enabled = config.Enabled,
            Config = config.Config,
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
    }

    public Task<bool> UpdateAsync(string id, ExpertRoutingConfigPatch patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return UpdateWhereAsync(c => c.Id == id, set => set
            .Set(c => c.Name, patch.Name)
            .Set(c => c.Description, patch.Description)
            .Set(c => c.Enabled, patch.Enabled)
            .Set(c => c.Config, patch.Config), c => c.UpdatedAt, cancellationToken);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
        => DeleteWhereAsync(c => c.Id == id, cancellationToken);

    private static IQueryable<ExpertRoutingConfig> Newest(IQueryable<ExpertRoutingConfig> configs)
        => configs.OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Id);
}
