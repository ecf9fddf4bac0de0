namespace GatewayPersistence.Repositories;

/// <inheritdoc cref="IProviderRepository" />
internal sealed class ProviderRepository(IDbContextFactory<GatewayDbContext> contextFactory, TimeProvider timeProvider)
    : RepositoryBase<Provider>(contextFactory, timeProvider), IProviderRepository
{
    public Task<IReadOnlyList<Provider>> GetAllAsync(int limit = DefaultListLimit, CancellationToken cancellationToken = default)
        => ListAsync(Newest, limit, cancellationToken);

    public Task<IReadOnlyList<Provider>> GetEnabledAsync(int limit = DefaultListLimit, CancellationToken cancellationToken = default)
        => ListAsync(providers => Newest(providers.Where(p => p.Enabled)), limit, cancellationToken);

    public Task<Provider?> GetByIdAsync(string id, CancellationToken cancellationToken = default)
        => FindAsync(p => p.Id == id, cancellationToken);

    public Task<Provider> CreateAsync(NewProvider provider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var now = Now();
        return InsertAsync(new Provider
        {
            Id = RepositoryIds.GivenOrNew(provider.Id),
            Name = provider.Name,
            Description = provider.Description,
            BaseUrl = provider.BaseUrl,
            ProtocolMappings = provider.ProtocolMappings,
            ApiKey = provider.ApiKey,
            ModelMapping = provider.ModelMapping,
            Enabled = provider.Enabled,
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
    }

    public Task<bool> UpdateAsync(string id, ProviderPatch patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return UpdateWhereAsync(p => p.Id == id, set => set
            .Set(p => p.Name, patch.Name)
            .Set(p => p.Description, patch.Description)
            .Set(p => p.BaseUrl, patch.BaseUrl)
            .Set(p => p.ProtocolMappings, patch.ProtocolMappings)
            .Set(p => p.ApiKey, patch.ApiKey)
            .Set(p => p.ModelMapping, patch.ModelMapping)
            .Set(p => p.Enabled, patch.Enabled), p => p.UpdatedAt, cancellationToken);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
        => DeleteWhereAsync(p => p.Id == id, cancellationToken);

    private static IQueryable<Provider> Newest(IQueryable<Provider> providers)
        => providers.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id);
}
