namespace GatewayPersistence.Repositories;

/// <summary>Upstream LLM APIs (table <c>providers</c>).</summary>
public interface IProviderRepository
{
    /// <summary>Providers, newest first (then by id), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Provider>> GetAllAsync(int limit = RepositoryDefaults.ListLimit, CancellationToken cancellationToken = default);

    /// <summary>Enabled providers, newest first (then by id), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Provider>> GetEnabledAsync(int limit = RepositoryDefaults.ListLimit, CancellationToken cancellationToken = default);

    /// <summary>The provider with <paramref name="id"/>, or <see langword="null"/>.</summary>
    Task<Provider?> GetByIdAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Creates a provider; <c>created_at</c> and <c>updated_at</c> are now.</summary>
    /// <exception cref="DuplicateValueException">The id is taken (field <c>id</c>).</exception>
    /// <exception cref="FieldValidationException">A value does not fit its column.</exception>
    Task<Provider> CreateAsync(NewProvider provider, CancellationToken cancellationToken = default);

    /// <summary>Writes the given fields and <c>updated_at</c> = now; an empty patch writes nothing.</summary>
    /// <returns>Whether a provider with <paramref name="id"/> was updated (false for an empty patch).</returns>
    Task<bool> UpdateAsync(string id, ProviderPatch patch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the provider. The database deletes its models and sets <c>provider_id</c> to NULL on its virtual keys
    /// and logged requests.
    /// </summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
