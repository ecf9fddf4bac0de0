namespace GatewayPersistence.Repositories;

/// <summary>Keys gateway clients authenticate with (table <c>virtual_keys</c>). Lists are newest first (then by id).</summary>
public interface IVirtualKeyRepository
{
    /// <summary>Virtual keys, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<VirtualKey>> GetAllAsync(int limit = RepositoryDefaults.ListLimit, CancellationToken cancellationToken = default);

    /// <summary>The key with <paramref name="id"/>, or <see langword="null"/>.</summary>
    Task<VirtualKey?> GetByIdAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The key whose plaintext value is <paramref name="keyValue"/>, or <see langword="null"/>: the authentication lookup
    /// of every gateway request, a single seek on the unique <c>key_value</c> index.
    /// </summary>
    Task<VirtualKey?> GetByKeyValueAsync(string keyValue, CancellationToken cancellationToken = default);

    /// <summary>The key whose SHA-256 hex is <paramref name="keyHash"/>, or <see langword="null"/> (a seek on <c>key_hash</c>).</summary>
    Task<VirtualKey?> GetByKeyHashAsync(string keyHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Number of keys referring to <paramref name="modelId"/> through <c>model_id</c> or by listing it in their
    /// <c>model_ids</c> JSON array; a key doing both counts once.
    /// </summary>
    Task<int> CountByModelIdAsync(string modelId, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="CountByModelIdAsync"/> for each of <paramref name="modelIds"/> in one query: every requested id is in the
    /// map, with 0 when no key refers to it.
    /// </summary>
    Task<IReadOnlyDictionary<string, int>> CountByModelIdsAsync(IReadOnlyCollection<string> modelIds, CancellationToken cancellationToken = default);

    /// <summary>Creates a key with every field given; <c>created_at</c> and <c>updated_at</c> are now.</summary>
    /// <exception cref="DuplicateValueException">Field <c>key_value</c>, <c>key_hash</c> or <c>id</c> is taken.</exception>
    /// <exception cref="MissingReferenceException">The provider or model does not exist.</exception>
    /// <exception cref="FieldValidationException">A value does not fit its column.</exception>
    Task<VirtualKey> CreateAsync(NewVirtualKey key, CancellationToken cancellationToken = default);

    /// <summary>Writes the given fields and <c>updated_at</c> = now; an empty patch writes nothing.</summary>
    /// <returns>Whether a key with <paramref name="id"/> was updated (false for an empty patch).</returns>
    Task<bool> UpdateAsync(string id, VirtualKeyPatch patch, CancellationToken cancellationToken = default);

    /// <summary>Deletes the key (its logged requests keep their rows with <c>virtual_key_id</c> NULL).</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
