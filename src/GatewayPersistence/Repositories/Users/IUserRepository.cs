namespace GatewayPersistence.Repositories;

/// <summary>Administrator accounts (table <c>users</c>).</summary>
public interface IUserRepository
{
    /// <summary>Users, newest first (then by id), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<User>> GetAllAsync(int limit = RepositoryDefaults.ListLimit, CancellationToken cancellationToken = default);

    /// <summary>The user with <paramref name="id"/>, or <see langword="null"/>.</summary>
    Task<User?> GetByIdAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The user named <paramref name="username"/> (the column's case-insensitive collation applies), or <see langword="null"/>.</summary>
    Task<User?> GetByUsernameAsync(string username, CancellationToken cancellationToken = default);

    /// <summary>Creates a user; <c>created_at</c> and <c>updated_at</c> are now.</summary>
    /// <exception cref="DuplicateValueException">The username (field <c>username</c>) or id (<c>id</c>) is taken.</exception>
    /// <exception cref="FieldValidationException">A value does not fit its column.</exception>
    Task<User> CreateAsync(NewUser user, CancellationToken cancellationToken = default);

    /// <summary>Writes the given fields and <c>updated_at</c> = now; an empty patch writes nothing.</summary>
    /// <returns>Whether a user with <paramref name="id"/> was updated (false for an empty patch).</returns>
    /// <exception cref="DuplicateValueException">The new username is taken.</exception>
    Task<bool> UpdateAsync(string id, UserPatch patch, CancellationToken cancellationToken = default);

    /// <summary>
    /// The user named <paramref name="username"/> when <paramref name="password"/> is theirs; <see langword="null"/> for
    /// an unknown user, a wrong password or a malformed stored hash (an unknown user costs the same hashing time as a
    /// known one). On success a legacy <c>saltHex:sha256Hex</c> hash, or a PBKDF2 hash with fewer iterations than
    /// configured, is replaced with a current one and <c>updated_at</c> is bumped (the returned user carries both);
    /// the replacement only happens if the stored hash is still the one verified.
    /// </summary>
    Task<User?> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken = default);

    /// <summary>Deletes the user; whether one was deleted.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
