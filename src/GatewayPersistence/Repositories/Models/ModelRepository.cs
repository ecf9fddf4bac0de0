namespace GatewayPersistence.Repositories;

/// <inheritdoc cref="IModelRepository" />
internal sealed class ModelRepository(IDbContextFactory<GatewayDbContext> contextFactory, TimeProvider timeProvider)
    : RepositoryBase<Model>(contextFactory, timeProvider), IModelRepository
{
    public Task<IReadOnlyList<Model>> GetAllAsync(int limit = DefaultListLimit, CancellationToken cancellationToken = default)
        => ListAsync(Newest, limit, cancellationToken);

    public Task<Model?> GetByIdAsync(string id, CancellationToken cancellationToken = default)
        => FindAsync(m => m.Id == id, cancellationToken);

    public Task<IReadOnlyList<Model>> GetByProviderAsync(string providerId, int limit = DefaultListLimit, CancellationToken cancellationToken = default)
        => ListAsync(models => Newest(models.Where(m => m.ProviderId == providerId)), limit, cancellationToken);

    public Task<IReadOnlyList<Model>> GetEnabledAsync(int limit = DefaultListLimit, CancellationToken cancellationToken = default)
        => ListAsync(models => Newest(models.Where(m => m.Enabled)), limit, cancellationToken);

    public Task<IReadOnlyList<Model>> GetVirtualAsync(int limit = DefaultListLimit, CancellationToken cancellationToken = default)
        => ListAsync(models => Newest(models.Where(m => m.IsVirtual)), limit, cancellationToken);

    public Task<IReadOnlyList<Model>> GetByRoutingConfigIdAsync(
        string routingConfigId, int limit = DefaultListLimit, CancellationToken cancellationToken = default)
        => ListAsync(models => Newest(models.Where(m => m.RoutingConfigId == routingConfigId)), limit, cancellationToken);

    public Task<IReadOnlyList<Model>> GetByExpertRoutingIdAsync(
        string expertRoutingId, int limit = DefaultListLimit, CancellationToken cancellationToken = default)
        => ListAsync(models => Newest(models.Where(m => m.ExpertRoutingId == expertRoutingId)), limit, cancellationToken);

    public Task<int> CountByProviderIdAsync(string providerId, CancellationToken cancellationToken = default)
        => ReadAsync(context => context.Models.CountAsync(m => m.ProviderId == providerId, cancellationToken), cancellationToken);

    public Task<Model> CreateAsync(NewModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var now = Now();
        return InsertAsync(new Model
        {
            Id = RepositoryIds.GivenOrNew(model.Id),
            Name = model.Name,
            ProviderId = model.ProviderId,
            ModelIdentifier = model.ModelIdentifier,
            Protocol = model.Protocol,
            IsVirtual = model.IsVirtual,
            RoutingConfigId = model.RoutingConfigId,
            ExpertRoutingId = model.ExpertRoutingId,
            Enabled = model.Enabled,
            ModelAttributes = model.ModelAttributes,
            CompressionConfig = model.CompressionConfig,
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
    }

    public Task<bool> UpdateAsync(string id, ModelPatch patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return UpdateWhereAsync(m => m.Id == id, set => set
            .Set(m => m.Name, patch.Name)
            .Set(m => m.ProviderId, patch.ProviderId)
            .Set(m => m.ModelIdentifier, patch.ModelIdentifier)
            .Set(m => m.Protocol, patch.Protocol)
            .Set(m => m.IsVirtual, patch.IsVirtual)
            .Set(m => m.RoutingConfigId, patch.RoutingConfigId)
            .Set(m => m.ExpertRoutingId, patch.ExpertRoutingId)
            .Set(m => m.Enabled, patch.Enabled)
            .Set(m => m.ModelAttributes, patch.ModelAttributes)
            .Set(m => m.CompressionConfig, patch.CompressionConfig), m => m.UpdatedAt, cancellationToken);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
        => DeleteWhereAsync(m => m.Id == id, cancellationToken);

    private static IQueryable<Model> Newest(IQueryable<Model> models)
        => models.OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id);
}
