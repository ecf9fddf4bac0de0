using GatewayPersistence.Repositories;

namespace GatewayPersistence.UnitTests.Repositories;

/// <summary>Pure pieces of the repositories: no database.</summary>
public class RepositoryPrimitivesTests
{
    [Test]
    public void Optional_distinguishes_not_given_from_given_null()
    {
        Optional<string?> notGiven = default;
        Optional<string?> givenNull = null;
        Optional<string?> givenValue = "v";

        Assert.That(notGiven.HasValue, Is.False);
        Assert.That(givenNull.HasValue, Is.True);
        Assert.That(givenNull.Value, Is.Null);
        Assert.That(givenValue.Value, Is.EqualTo("v"));
        Assert.That(() => notGiven.Value, Throws.InvalidOperationException);
        Assert.That(givenNull, Is.Not.EqualTo(notGiven));
        Assert.That(givenValue == new Optional<string?>("v"), Is.True);
        Assert.That(givenValue != givenNull, Is.True);
    }

    [Test]
    public void Optional_text_never_shows_the_value()
    {
        Optional<string> secret = "vk_super_secret";
        Assert.That(secret.ToString(), Does.Not.Contain("secret"));
        Assert.That(new VirtualKeyPatch { Name = "vk_super_secret" }.ToString(), Does.Not.Contain("secret"));
    }

    [Test]
    public void Generated_ids_are_21_url_safe_characters_and_distinct()
    {
        var ids = Enumerable.Range(0, 2000).Select(_ => RepositoryIds.NewId()).ToList();
        Assert.That(ids, Has.All.Match("^[A-Za-z0-9_-]{21}$"));
        Assert.That(ids.Distinct().Count(), Is.EqualTo(ids.Count));
        Assert.That(RepositoryIds.GivenOrNew("mine"), Is.EqualTo("mine"));
        Assert.That(() => RepositoryIds.GivenOrNew(" "), Throws.ArgumentException);
    }

    [TestCase("Duplicate entry 'alice' for key 'users.username'", "username")]
    [TestCase("Duplicate entry 'alice' for key 'username'", "username")]
    [TestCase("Duplicate entry 'x' for key 'PRIMARY'", "PRIMARY")]
    [TestCase("Duplicate entry 'a' for key 'b' for key 'key_value'", "key_value")]
    [TestCase("Duplicate entry 'it''s \\' for key 'virtual_keys.key_hash'", "key_hash")]
    [TestCase("Something else", null)]
    public void Duplicate_key_name_is_read_from_the_end_of_mysql_and_mariadb_messages(string message, string? expected)
        => Assert.That(DatabaseErrors.DuplicateKeyNameOf(message), Is.EqualTo(expected));

    [Test]
    public void Secret_bearing_inputs_print_without_their_secrets()
    {
        var key = new NewVirtualKey { KeyValue = "vk_plain_secret", KeyHash = "deadbeef_hash", Name = "visible-name" };
        Assert.That(key.ToString(), Does.Contain("visible-name").And.Not.Contain("vk_plain_secret").And.Not.Contain("deadbeef_hash"));
    }
}
