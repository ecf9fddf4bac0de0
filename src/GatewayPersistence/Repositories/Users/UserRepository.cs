namespace GatewayPersistence.Repositories;

/// <inheritdoc cref="IUserRepository" />
internal sealed class UserRepository(IDbContextFactory<GatewayDbContext> contextFactory, TimeProvider timeProvider)
    : RepositoryBase<User>(contextFactory, timeProvider), IUserRepository
{
    public Task<IReadOnlyList<User>> GetAllAsync(int limit = DefaultListLimit, CancellationToken cancellationToken = default)
        => ListAsync(users => users.OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id), limit, cancellationToken);

    public Task<User?> GetByIdAsync(string id, CancellationToken cancellationToken = default)
        => FindAsync(u => u.Id == id, cancellationToken);

    public Task<User?> GetByUsernameAsync(string username, CancellationToken cancellationToken = default)
        => FindAsync(u => u.Username == username, cancellationToken);

    public Task<User> CreateAsync(NewUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = Now();
        return InsertAsync(new User
        {
            Id = RepositoryIds.GivenOrNew(user.Id),
            Username = user.Username,
            PasswordHash = user.PasswordHash,
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
    }

    public Task<bool> UpdateAsync(string id, UserPatch patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return UpdateWhereAsync(u => u.Id == id, set => set
            .Set(u => u.Username, patch.Username)
            .Set(u => u.PasswordHash, patch.PasswordHash), u => u.UpdatedAt, cancellationToken);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
        => DeleteWhereAsync(u => u.Id == id, cancellationToken);
}
