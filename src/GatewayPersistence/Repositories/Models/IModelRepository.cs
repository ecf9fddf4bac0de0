namespace GatewayPersistence.Repositories;

/// <summary>Models the gateway serves (table <c>models</c>). Lists are newest first (then by id).</summary>
public interface IModelRepository
{
    /// <summary>Models, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Model>> GetAllAsync(int limit = RepositoryDefaults.ListLimit, CancellationToken cancellationToken = default);

    /// <summary>The model with <paramref name="id"/>, or <see langword="null"/>.</summary>
    Task<Model?> GetByIdAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Models of a provider.</summary>
    Task<IReadOnlyList<Model>> GetByProviderAsync(string providerId, int limit = RepositoryDefaults.ListLimit, CancellationToken cancellationToken = default);

    /// <summary>Enabled models.</summary>
    Task<IReadOnlyList<Model>> GetEnabledAsync(int limit = RepositoryDefaults.ListLimit, CancellationToken cancellationToken = default);

    /// <summary>Virtual models (those routing to others).</summary>
    Task<IReadOnlyList<Model>> GetVirtualAsync(int limit = RepositoryDefaults.ListLimit, CancellationToken cancellationToken = default);

    /// <summary>Models using a routing configuration.</summary>
    Task<IReadOnlyList<Model>> GetByRoutingConfigIdAsync(string routingConfigId, int limit = RepositoryDefaults.ListLimit, CancellationToken cancellationToken = default);

    /// <summary>Models using an expert-routing configuration.</summary>
    Task<IReadOnlyList<Model>> GetByExpertRoutingIdAsync(string expertRoutingId, int limit = RepositoryDefaults.ListLimit, CancellationToken cancellationToken = default);

    /// <summary>Number of models of a provider.</summary>
    Task<int> CountByProviderIdAsync(string providerId, CancellationToken cancellationToken = default);

    /// <summary>Creates a model; <c>created_at</c> and <c>updated_at</c> are now.</summary>
    /// <exception cref="MissingReferenceException">The provider does not exist (field <c>provider_id</c>).</exception>
    /// <exception cref="DuplicateValueException">The id is taken.</exception>
    /// <exception cref="FieldValidationException">A value does not fit its column.</exception>
    Task<Model> CreateAsync(NewModel model, CancellationToken cancellationToken = default);

    /// <summary>Writes the given fields and <c>updated_at</c> = now; an empty patch writes nothing.</summary>
    /// <returns>Whether a model with <paramref name="id"/> was updated (false for an empty patch).</returns>
    /// <exception cref="MissingReferenceException">The new provider does not exist.</exception>
    Task<bool> UpdateAsync(string id, ModelPatch patch, CancellationToken cancellationToken = default);

    /// <summary>Deletes the model (virtual keys bound to it get <c>model_id</c> NULL); whether one was deleted.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
