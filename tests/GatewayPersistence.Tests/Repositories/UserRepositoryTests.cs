using GatewayPersistence.Repositories;

namespace GatewayPersistence.Tests.Repositories;

public class UserRepositoryTests
{
    [Test]
    public async Task Create_generates_an_id_stamps_times_and_reads_back_by_id_and_username()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var created = await harness.Users.CreateAsync(new NewUser { Username = "alice", PasswordHash = "salt:hash" });

        Assert.That(created.Id, Does.Match("^[A-Za-z0-9_-]{21}$"));
        Assert.That(created.CreatedAt, Is.EqualTo(RepositoryHarness.Start));
        Assert.That(created.UpdatedAt, Is.EqualTo(RepositoryHarness.Start));
        var byId = await harness.Users.GetByIdAsync(created.Id);
        var byName = await harness.Users.GetByUsernameAsync("alice");
        Assert.That(byId!.Username, Is.EqualTo("alice"));
        Assert.That(byId.PasswordHash, Is.EqualTo("salt:hash"));
        Assert.That(byName!.Id, Is.EqualTo(created.Id));
        Assert.That(await harness.Database.ScalarAsync<long>("SELECT created_at FROM users"), Is.EqualTo(RepositoryHarness.Start.ToUnixTimeMilliseconds()));
    }

    [Test]
    public async Task Create_keeps_a_given_id_and_absent_lookups_return_null()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await harness.Users.CreateAsync(new NewUser { Id = "my-id", Username = "bob", PasswordHash = "h" });
        Assert.That((await harness.Users.GetByIdAsync("my-id"))!.Username, Is.EqualTo("bob"));
        Assert.That(await harness.Users.GetByIdAsync("other"), Is.Null);
        Assert.That(await harness.Users.GetByUsernameAsync("carol"), Is.Null);
        Assert.That(await harness.Users.DeleteAsync("other"), Is.False);
        Assert.That(await harness.Users.UpdateAsync("other", new UserPatch { Username = "x" }), Is.False);
    }

    [Test]
    public async Task Duplicate_username_or_id_raises_typed_exception_without_the_value()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await harness.Users.CreateAsync(new NewUser { Id = "u1", Username = "dup-name", PasswordHash = "secret-hash-1" });

        var byName = Assert.ThrowsAsync<DuplicateValueException>(
            () => harness.Users.CreateAsync(new NewUser { Username = "dup-name", PasswordHash = "secret-hash-2" }));
        var byId = Assert.ThrowsAsync<DuplicateValueException>(
            () => harness.Users.CreateAsync(new NewUser { Id = "u1", Username = "other", PasswordHash = "secret-hash-3" }));

        Assert.That(byName!.Field, Is.EqualTo("username"));
        Assert.That(byId!.Field, Is.EqualTo("id"));
        RepositoryAssert.DoesNotLeak(byName, "dup-name");
        RepositoryAssert.DoesNotLeak(byName, "secret-hash");
        RepositoryAssert.DoesNotLeak(byId, "secret-hash");
    }

    [Test]
    public async Task Update_to_a_taken_username_raises_duplicate_and_changes_nothing()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await harness.Users.CreateAsync(new NewUser { Id = "u1", Username = "one", PasswordHash = "h1" });
        await harness.Users.CreateAsync(new NewUser { Id = "u2", Username = "two", PasswordHash = "h2" });

        var exception = Assert.ThrowsAsync<DuplicateValueException>(() => harness.Users.UpdateAsync("u2", new UserPatch { Username = "one" }));
        Assert.That(exception!.Field, Is.EqualTo("username"));
        Assert.That((await harness.Users.GetByIdAsync("u2"))!.Username, Is.EqualTo("two"));
    }

    [Test]
    public async Task Update_writes_given_fields_and_updated_at_and_an_empty_patch_writes_nothing()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var user = await harness.Users.CreateAsync(new NewUser { Username = "alice", PasswordHash = "old" });
        harness.Time.Advance(TimeSpan.FromDays(1));

        Assert.That(await harness.Users.UpdateAsync(user.Id, new UserPatch()), Is.False);
        Assert.That((await harness.Users.GetByIdAsync(user.Id))!.UpdatedAt, Is.EqualTo(RepositoryHarness.Start));

        Assert.That(await harness.Users.UpdateAsync(user.Id, new UserPatch { PasswordHash = "new" }), Is.True);
        var read = (await harness.Users.GetByIdAsync(user.Id))!;
        Assert.That(read.PasswordHash, Is.EqualTo("new"));
        Assert.That(read.Username, Is.EqualTo("alice"));
        Assert.That(read.UpdatedAt, Is.EqualTo(RepositoryHarness.Start.AddDays(1)));
        Assert.That(read.CreatedAt, Is.EqualTo(RepositoryHarness.Start));
    }

    [Test]
    public async Task Required_field_patched_to_null_is_refused_before_the_database()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var user = await harness.Users.CreateAsync(new NewUser { Username = "alice", PasswordHash = "h" });
        var exception = Assert.ThrowsAsync<FieldValidationException>(
            () => harness.Users.UpdateAsync(user.Id, new UserPatch { Username = null! }));
        Assert.That(exception!.Field, Is.EqualTo("username"));
    }

    [Test]
    public async Task GetAll_is_newest_first_then_by_id_and_delete_removes()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await harness.Users.CreateAsync(new NewUser { Id = "b", Username = "b", PasswordHash = "h" });
        await harness.Users.CreateAsync(new NewUser { Id = "a", Username = "a", PasswordHash = "h" });
        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        await harness.Users.CreateAsync(new NewUser { Id = "c", Username = "c", PasswordHash = "h" });

        Assert.That((await harness.Users.GetAllAsync()).Select(u => u.Id), Is.EqualTo(new[] { "c", "a", "b" }));
        Assert.That(await harness.Users.DeleteAsync("a"), Is.True);
        Assert.That((await harness.Users.GetAllAsync()).Select(u => u.Id), Is.EqualTo(new[] { "c", "b" }));
        Assert.That(await harness.Users.GetByIdAsync("a"), Is.Null);
    }

    [Test]
    public void Record_text_leaves_out_the_password_hash()
    {
        var user = new NewUser { Username = "alice", PasswordHash = "secret-hash" };
        var patch = new UserPatch { PasswordHash = "secret-hash" };
        Assert.That(user.ToString(), Does.Contain("alice").And.Not.Contain("secret-hash"));
        Assert.That(patch.ToString(), Does.Not.Contain("secret-hash"));
    }
}
