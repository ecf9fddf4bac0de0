using System.Security.Cryptography;
using System.Text;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.UnitTests.Security;

/// <summary>The password service: the TypeScript gateway's hashes made here as the issue describes them, and the new format.</summary>
public sealed class PasswordHasherTests
{
    private const int Iterations = GatewaySecurityOptions.MinimumPasswordIterations;

    private readonly CapturedLogger<GatewayPasswordHasher> logger = new();

    // NUnit shares one fixture instance between its tests: each starts with an empty log.
    [SetUp]
    public void ClearLog() => logger.Entries.Clear();

    [TestCase("correct horse battery staple")]
    [TestCase("pässwörd with ümlauts, 日本語 and an emoji 🔑")]
    [TestCase("x")]
    public void A_legacy_hash_verifies_and_asks_for_a_rehash(string password)
    {
        var stored = LegacyFormats.PasswordHash(password);

        Assert.That(Hasher().Verify(stored, password), Is.EqualTo(PasswordVerification.SuccessRehashNeeded));
    }

    [Test]
    public void A_legacy_hash_hashes_the_salt_hex_text_not_its_bytes()
    {
        // Known answer: salt bytes 00..0f, password "secret": SHA-256("secret" + "000102030405060708090a0b0c0d0e0f").
        var salt = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var expectedDigest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("secret000102030405060708090a0b0c0d0e0f")));
        var stored = LegacyFormats.PasswordHash("secret", salt);

        Assert.Multiple(() =>
        {
            Assert.That(stored, Is.EqualTo("000102030405060708090a0b0c0d0e0f:" + expectedDigest));
            Assert.That(Hasher().Verify(stored, "secret"), Is.EqualTo(PasswordVerification.SuccessRehashNeeded));
            // Hashing the salt's bytes instead of its text would be a different digest: it must not verify.
            var bytesDigest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("secret").Concat(salt).ToArray()));
            Assert.That(Hasher().Verify("000102030405060708090a0b0c0d0e0f:" + bytesDigest, "secret"), Is.EqualTo(PasswordVerification.Failed));
        });
    }

    [Test]
    public void A_wrong_password_fails_a_legacy_hash_without_a_warning()
    {
        var stored = LegacyFormats.PasswordHash("the right one");

        Assert.Multiple(() =>
        {
            Assert.That(Hasher().Verify(stored, "the wrong one"), Is.EqualTo(PasswordVerification.Failed));
            Assert.That(Hasher().Verify(stored, "the right one "), Is.EqualTo(PasswordVerification.Failed));
            Assert.That(Hasher().Verify(stored, ""), Is.EqualTo(PasswordVerification.Failed));
            Assert.That(logger.Entries, Is.Empty);
        });
    }

    [Test]
    public void A_new_hash_has_the_pbkdf2_prefix_and_verifies_as_current()
    {
        var hasher = Hasher();
        var stored = hasher.HashPassword("s3cret!");
        var parts = stored.Split('$');

        Assert.Multiple(() =>
        {
            Assert.That(stored, Does.StartWith("pbkdf2-sha256$"));
            Assert.That(parts, Has.Length.EqualTo(4));
            Assert.That(parts[1], Is.EqualTo(Iterations.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(Convert.FromBase64String(parts[2]), Has.Length.EqualTo(16));
            Assert.That(Convert.FromBase64String(parts[3]), Has.Length.EqualTo(32));
            Assert.That(hasher.Verify(stored, "s3cret!"), Is.EqualTo(PasswordVerification.Success));
            Assert.That(hasher.Verify(stored, "s3cret?"), Is.EqualTo(PasswordVerification.Failed));
            Assert.That(stored, Does.Not.Contain(':'), "no colon: never mistaken for the legacy format");
        });
    }

    [Test]
    public void A_new_hash_is_standard_pbkdf2_sha256_of_the_utf8_password()
    {
        var stored = Hasher().HashPassword("pässword");
        var parts = stored.Split('$');
        var expected = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes("pässword"), Convert.FromBase64String(parts[2]), Iterations, HashAlgorithmName.SHA256, 32);

        Assert.That(Convert.FromBase64String(parts[3]), Is.EqualTo(expected));
    }

    [Test]
    public void Two_hashes_of_one_password_differ_by_their_salt()
    {
        var hasher = Hasher();
        var first = hasher.HashPassword("same");
        var second = hasher.HashPassword("same");

        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public void A_hash_with_fewer_iterations_than_configured_verifies_and_asks_for_a_rehash()
    {
        var weaker = Hasher().HashPassword("pw");

        Assert.That(Hasher(Iterations + 1).Verify(weaker, "pw"), Is.EqualTo(PasswordVerification.SuccessRehashNeeded));
    }

    [TestCase("")]
    [TestCase("no-colon-at-all")]
    [TestCase("00112233445566778899aabbccddeeff")]
    [TestCase("0011:2233")]
    [TestCase("zz112233445566778899aabbccddeeff:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")]
    [TestCase("00112233445566778899aabbccddeeff:not-hex-at-all-but-sixty-four-characters-long-xxxxxxxxxxxxxxxxxx")]
    [TestCase("00112233445566778899aabbccddeeff:00112233")]
    [TestCase("pbkdf2-sha256$")]
    [TestCase("pbkdf2-sha256$abc$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [TestCase("pbkdf2-sha256$999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [TestCase("pbkdf2-sha256$210000$!!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [TestCase("pbkdf2-sha256$210000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$extra")]
    public void A_malformed_stored_value_fails_with_a_warning_that_contains_no_part_of_it(string stored)
    {
        var result = Hasher().Verify(stored, "any password");

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(PasswordVerification.Failed));
            Assert.That(logger.Entries, Has.Count.EqualTo(1));
            Assert.That(logger.Entries[0].Level, Is.EqualTo(LogLevel.Warning));
            Assert.That(logger.Entries[0].EventId.Id, Is.EqualTo(5000));
            foreach (var piece in stored.Split(':', '$').Where(piece => piece.Length >= 4 && piece != "pbkdf2-sha256"))
            {
                Assert.That(logger.Entries[0].Text, Does.Not.Contain(piece));
            }
        });
    }

    [Test]
    public void An_empty_password_cannot_be_hashed()
    {
        Assert.Throws<ArgumentException>(() => Hasher().HashPassword(""));
    }

    private GatewayPasswordHasher Hasher(int iterations = Iterations)
        => new(Options.Create(new GatewayPersistenceOptions { Security = { PasswordIterations = iterations } }), logger);
}
