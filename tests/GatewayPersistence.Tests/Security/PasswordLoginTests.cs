using GatewayPersistence.Repositories;
using GatewayPersistence.Security;
using GatewayPersistence.Tests.Repositories;

namespace GatewayPersistence.Tests.Security;

/// <summary>
/// <see cref="IUserRepository.VerifyPasswordAsync"/> on a real database: an adopted account's legacy hash (made in the
/// test as the TypeScript gateway made it) logs in and is upgraded in place with <c>updated_at</c> bumped; the new
/// hash verifies; wrong passwords, unknown users and malformed hashes fail cleanly and change nothing.
/// </summary>
public sealed class PasswordLoginTests
{
    [Test]
    public async Task A_legacy_hash_logs_in_and_is_upgraded_with_updated_at_bumped_and_the_new_hash_verifies()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var legacy = LegacyFormats.PasswordHash("adopted password");
        var created = await harness.Users.CreateAsync(new NewUser { Id = "u-legacy", Username = "adopted", PasswordHash = legacy });
        harness.Time.Advance(TimeSpan.FromMinutes(5));

        var user = await harness.Users.VerifyPasswordAsync("adopted", "adopted password");

        var stored = await harness.Users.GetByIdAsync("u-legacy");
        Assert.Multiple(() =>
        {
            Assert.That(user?.Id, Is.EqualTo("u-legacy"));
            Assert.That(stored!.PasswordHash, Does.StartWith("pbkdf2-sha256$"));
            Assert.That(stored.PasswordHash, Is.EqualTo(user!.PasswordHash), "the returned user carries the new hash");
            Assert.That(stored.UpdatedAt, Is.EqualTo(RepositoryHarness.Start.AddMinutes(5)));
            Assert.That(stored.CreatedAt, Is.EqualTo(created.CreatedAt));
            Assert.That(harness.PasswordHasher.Verify(stored.PasswordHash, "adopted password"), Is.EqualTo(PasswordVerification.Success));
            Assert.That(harness.UserLogger.Messages.Count(m => m.Contains("u-legacy", StringComparison.Ordinal) && m.Contains("Upgraded", StringComparison.Ordinal)), Is.EqualTo(1));
        });

        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var again = await harness.Users.VerifyPasswordAsync("adopted", "adopted password");
        var unchanged = await harness.Users.GetByIdAsync("u-legacy");
        Assert.Multiple(() =>
        {
            Assert.That(again?.Id, Is.EqualTo("u-legacy"), "the upgraded hash logs in");
            Assert.That(unchanged!.PasswordHash, Is.EqualTo(stored!.PasswordHash), "a current hash is not rewritten");
            Assert.That(unchanged.UpdatedAt, Is.EqualTo(RepositoryHarness.Start.AddMinutes(5)));
        });
    }

    [Test]
    public async Task Wrong_password_unknown_user_and_malformed_hash_fail_and_change_nothing()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var legacy = LegacyFormats.PasswordHash("right");
        await harness.Users.CreateAsync(new NewUser { Id = "u1", Username = "alice", PasswordHash = legacy });
        const string malformed = "this-is-no-hash-SECRETPART";
        await harness.Users.CreateAsync(new NewUser { Id = "u2", Username = "broken", PasswordHash = malformed });
        harness.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Multiple(async () =>
        {
            Assert.That(await harness.Users.VerifyPasswordAsync("alice", "wrong"), Is.Null);
            Assert.That(await harness.Users.VerifyPasswordAsync("nobody", "right"), Is.Null);
            Assert.That(await harness.Users.VerifyPasswordAsync("broken", "right"), Is.Null);
            Assert.That((await harness.Users.GetByIdAsync("u1"))!.PasswordHash, Is.EqualTo(legacy));
            Assert.That((await harness.Users.GetByIdAsync("u1"))!.UpdatedAt, Is.EqualTo(RepositoryHarness.Start));
            Assert.That((await harness.Users.GetByIdAsync("u2"))!.PasswordHash, Is.EqualTo(malformed));
            Assert.That(harness.PasswordHasherLogger.Messages, Has.One.Contains("malformed"));
            Assert.That(harness.PasswordHasherLogger.Messages, Has.None.Contains("SECRETPART"));
            Assert.That(harness.PasswordHasherLogger.Messages, Has.None.Contains(legacy[..8]));
        });
    }

    [Test]
    public async Task The_upgrade_does_not_overwrite_a_password_changed_meanwhile()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var legacy = LegacyFormats.PasswordHash("old");
        await harness.Users.CreateAsync(new NewUser { Id = "u1", Username = "alice", PasswordHash = legacy });
        var changed = harness.PasswordHasher.HashPassword("new");
        // The compare-and-set: an upgrade of 'legacy' matches no row once the hash is another one.
        await harness.Users.UpdateAsync("u1", new UserPatch { PasswordHash = changed });

        Assert.Multiple(async () =>
        {
            Assert.That(await harness.Users.VerifyPasswordAsync("alice", "old"), Is.Null);
            Assert.That(await harness.Users.VerifyPasswordAsync("alice", "new"), Is.Not.Null);
            Assert.That((await harness.Users.GetByIdAsync("u1"))!.PasswordHash, Is.EqualTo(changed));
        });
    }
}
