namespace GatewayPersistence.Repositories;

/// <summary>System settings (table <c>system_config</c>, keyed by <c>`key`</c>). Values are strings (booleans as <c>true</c>/<c>false</c>).</summary>
public interface ISystemConfigRepository
{
    /// <summary>Every setting, ordered by key, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<SystemConfigEntry>> GetAllAsync(int limit = RepositoryDefaults.ListLimit, CancellationToken cancellationToken = default);

    /// <summary>The setting <paramref name="key"/>, or <see langword="null"/>.</summary>
    Task<SystemConfigEntry?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The value of setting <paramref name="key"/>, or <see langword="null"/> when it is not set.</summary>
    Task<string?> GetValueAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts or updates the setting in one atomic statement, with <c>updated_at</c> = now. A
    /// <paramref name="description"/> not given keeps the stored one (NULL for a new setting); given as
    /// <see langword="null"/>, it clears it.
    /// </summary>
    /// <exception cref="FieldValidationException">A value does not fit its column.</exception>
    Task SetAsync(string key, string value, Optional<string?> description = default, CancellationToken cancellationToken = default);

    /// <summary>Deletes the setting; whether it existed.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);
}
