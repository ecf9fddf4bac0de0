using System.Data.Common;
using System.Security.Cryptography;
using GatewayPersistence.Security;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace GatewayPersistence.Repositories;

/// <inheritdoc cref="IUserRepository" />
internal sealed class UserRepository(
    IDbContextFactory<GatewayDbContext> contextFactory,
    TimeProvider timeProvider,
    IGatewayPasswordHasher passwordHasher,
    ILogger<UserRepository> logger)
    : RepositoryBase<User>(contextFactory, timeProvider), IUserRepository
{
    // Verified when the username is unknown, so that the answer takes as long as for a known user with a wrong
    // password and response times do not tell which usernames exist. Created on first need (it costs one hashing).
    private readonly Lazy<string> unknownUserHash = new(
        () => passwordHasher.HashPassword(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))), isThreadSafe: true);

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

    public async Task<User?> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        var user = await GetByUsernameAsync(username, cancellationToken);
        if (user is null)
        {
            _ = passwordHasher.Verify(unknownUserHash.Value, password);
            return null;
        }

        var verification = passwordHasher.Verify(user.PasswordHash, password);
        if (verification == PasswordVerification.Failed)
        {
            return null;
        }

        if (verification == PasswordVerification.SuccessRehashNeeded)
        {
            await UpgradeHashAsync(user, password, cancellationToken);
        }

        return user;
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
        => DeleteWhereAsync(u => u.Id == id, cancellationToken);

    /// <summary>
    /// Writes a current hash only if the row still holds the hash just verified (a password changed meanwhile wins).
    /// A database error does not fail the login: the next successful one tries again.
    /// </summary>
    private async Task UpgradeHashAsync(User user, string password, CancellationToken cancellationToken)
    {
        var verifiedHash = user.PasswordHash;
        var upgraded = passwordHasher.HashPassword(password);
        var now = Now();
        try
        {
            await using var context = await ContextFactory.CreateDbContextAsync(cancellationToken);
            var rows = await context.Users
                .Where(u => u.Id == user.Id && u.PasswordHash == verifiedHash)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.PasswordHash, upgraded).SetProperty(u => u.UpdatedAt, now), cancellationToken);
            if (rows == 1)
            {
                user.PasswordHash = upgraded;
                user.UpdatedAt = now;
                logger.LogPasswordHashUpgraded(user.Id);
            }
        }
        catch (Exception exception) when (exception is DbException or RetryLimitExceededException or TimeoutException)
        {
            logger.LogPasswordHashUpgradeFailed(user.Id, exception);
        }
    }
}
