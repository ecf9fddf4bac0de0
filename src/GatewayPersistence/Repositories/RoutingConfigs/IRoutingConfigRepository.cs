namespace GatewayPersistence.Repositories;

/// <summary>Plain routing configurations (table <c>routing_configs</c>). Lists are newest first (then by id).</summary>
public interface IRoutingConfigRepository
{
    /// <summary>Configurations, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<RoutingConfig>> GetAllAsync(int limit = RepositoryDefaults.ListLimit, CancellationToken cancellationToken = default);

    /// <summary>Enabled configurations.</summary>
    Task<IReadOnlyList<RoutingConfig>> GetEnabledAsync(int limit = RepositoryDefaults.ListLimit, CancellationToken cancellationToken = default);

    /// <summary>The configuration with <paramref name="id"/>, or <see langword="null"/>.</summary>
    Task<RoutingConfig?> GetByIdAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Creates a configuration; <c>created_at</c> and <c>updated_at</c> are now.</summary>
    /// <exception cref="DuplicateValueException">The id is taken.</exception>
    /// <exception cref="FieldValidationException">A value does not fit its column.</exception>
    Task<RoutingConfig> CreateAsync(NewRoutingConfig config, CancellationToken cancellationToken = default);

    /// <summary>Writes the given fields and <c>updated_at</c> = now; an empty patch writes nothing.</summary>
    /// <returns>Whether a configuration with <paramref name="id"/> was updated (false for an empty patch).</returns>
    Task<bool> UpdateAsync(string id, RoutingConfigPatch patch, CancellationToken cancellationToken = default);

    /// <summary>Deletes the configuration; whether one was deleted.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
