using System.Security.Cryptography;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Security;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.UnitTests.Security;

/// <summary>The provider-key protector: legacy ciphertexts made here as the issue describes them, and the AES-GCM format.</summary>
public sealed class ProviderKeyProtectorTests
{
    private const string ApiKey = "sk-proj-AbCdEf0123456789_the-upstream-key";
    private static readonly string EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [TestCase("a-jwt-secret-that-is-much-longer-than-thirty-two-characters")] // sliced to 32
    [TestCase("short-secret")]                                               // padded with '0'
    [TestCase("exactly-32-characters-long-12345")]
    public void A_legacy_key_decrypts_with_the_legacy_secret(string jwtSecret)
    {
        var stored = LegacyFormats.EncryptProviderKey(jwtSecret, ApiKey);
        var protector = Protector(jwtSecret);

        Assert.Multiple(() =>
        {
            Assert.That(protector.GetFormat(stored), Is.EqualTo(ProviderKeyFormat.LegacyAesCbc));
            Assert.That(protector.Unprotect("prov-1", stored), Is.EqualTo(ApiKey));
        });
    }

    [Test]
    public void Only_the_first_32_characters_of_the_legacy_secret_matter_and_a_short_one_is_padded_with_zeros()
    {
        var stored = LegacyFormats.EncryptProviderKey("short-secret", ApiKey);

        Assert.Multiple(() =>
        {
            Assert.That(Protector("short-secret" + new string('0', 20) + "anything after 32").Unprotect("p", stored), Is.EqualTo(ApiKey));
            Assert.That(() => Protector("short-secret" + new string('1', 20)).Unprotect("p", stored), Throws.TypeOf<ProviderKeyDecryptionException>());
        });
    }

    [Test]
    public void A_non_ascii_key_round_trips_through_both_formats()
    {
        const string unicodeKey = "ключ-🔑-キー";
        var protector = Protector("legacy");

        Assert.Multiple(() =>
        {
            Assert.That(protector.Unprotect("p", LegacyFormats.EncryptProviderKey("legacy", unicodeKey)), Is.EqualTo(unicodeKey));
            Assert.That(protector.Unprotect("p", protector.Protect(unicodeKey)), Is.EqualTo(unicodeKey));
        });
    }

    [Test]
    public void A_wrong_legacy_secret_is_a_clear_error_naming_the_provider_not_garbage()
    {
        var wrongSecretFailures = 0;
        for (var i = 0; i < 200; i++)
        {
            var stored = LegacyFormats.EncryptProviderKey("the-real-secret", ApiKey + i);
            var error = Assert.Throws<ProviderKeyDecryptionException>(() => Protector("not-the-real-secret").Unprotect("prov-42", stored));
            Assert.Multiple(() =>
            {
                Assert.That(error!.ProviderId, Is.EqualTo("prov-42"));
                Assert.That(error.Message, Does.Contain("'prov-42'").And.Contain(GatewaySecurityOptions.LegacyJwtSecretKey));
                Assert.That(error.Message, Does.Not.Contain(stored[..16]).And.Not.Contain("real-secret").And.Not.Contain(ApiKey));
            });
            wrongSecretFailures++;
        }

        Assert.That(wrongSecretFailures, Is.EqualTo(200), "every wrong-secret decryption failed instead of returning garbage");
    }

    [Test]
    public void A_legacy_key_without_a_configured_secret_names_the_setting()
    {
        var stored = LegacyFormats.EncryptProviderKey("secret", ApiKey);

        var error = Assert.Throws<ProviderKeyDecryptionException>(() => Protector(legacySecret: null).Unprotect("prov-7", stored));

        Assert.That(error!.Message, Does.Contain("'prov-7'").And.Contain(GatewaySecurityOptions.LegacyJwtSecretKey).And.Contain("not set"));
    }

    [Test]
    public void A_new_key_is_aes_gcm_with_the_v2_prefix_and_a_fresh_nonce()
    {
        var protector = Protector("legacy");
        var first = protector.Protect(ApiKey);
        var second = protector.Protect(ApiKey);
        var parts = first.Split(':');

        Assert.Multiple(() =>
        {
            Assert.That(first, Does.StartWith("v2:aesgcm:"));
            Assert.That(parts, Has.Length.EqualTo(5));
            Assert.That(Convert.FromBase64String(parts[2]), Has.Length.EqualTo(12), "nonce");
            Assert.That(Convert.FromBase64String(parts[4]), Has.Length.EqualTo(16), "tag");
            Assert.That(first, Is.Not.EqualTo(second));
            Assert.That(first, Does.Not.Contain(ApiKey));
            Assert.That(protector.GetFormat(first), Is.EqualTo(ProviderKeyFormat.AesGcm));
            Assert.That(protector.Unprotect("p", first), Is.EqualTo(ApiKey));
            Assert.That(protector.Unprotect("p", second), Is.EqualTo(ApiKey));
        });
    }

    [Test]
    public void A_new_key_is_standard_aes_gcm_under_the_configured_key()
    {
        var parts = Protector(null).Protect(ApiKey).Split(':');
        var plain = new byte[Convert.FromBase64String(parts[3]).Length];
        using (var aes = new AesGcm(Convert.FromBase64String(EncryptionKey), 16))
        {
            aes.Decrypt(Convert.FromBase64String(parts[2]), Convert.FromBase64String(parts[3]), Convert.FromBase64String(parts[4]), plain);
        }

        Assert.That(System.Text.Encoding.UTF8.GetString(plain), Is.EqualTo(ApiKey));
    }

    [Test]
    public void An_altered_or_foreign_v2_value_fails_authentication_naming_the_provider()
    {
        var stored = Protector(null).Protect(ApiKey);
        var parts = stored.Split(':');
        var cipher = Convert.FromBase64String(parts[3]);
        cipher[0] ^= 1;
        var altered = string.Join(':', parts[0], parts[1], parts[2], Convert.ToBase64String(cipher), parts[4]);
        var otherKey = Protector(null, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        Assert.Multiple(() =>
        {
            var tampered = Assert.Throws<ProviderKeyDecryptionException>(() => Protector(null).Unprotect("prov-a", altered));
            Assert.That(tampered!.Message, Does.Contain("'prov-a'").And.Contain("authentication"));
            var foreign = Assert.Throws<ProviderKeyDecryptionException>(() => otherKey.Unprotect("prov-b", stored));
            Assert.That(foreign!.Message, Does.Contain("'prov-b'").And.Contain(GatewaySecurityOptions.ProviderKeyEncryptionKeyKey));
            Assert.That(() => Protector(null).Unprotect("prov-c", "v2:aesgcm:not:base64!:x"), Throws.TypeOf<ProviderKeyDecryptionException>());
        });
    }

    [TestCase("plaintext-key")]
    [TestCase("iv:cipher")]
    [TestCase("00112233445566778899aabbccddeeff:0011")]         // cipher not whole blocks
    [TestCase("0011:00112233445566778899aabbccddeeff")]         // IV too short
    [TestCase("00112233445566778899aabbccddeeff:")]
    public void A_value_in_no_known_format_is_recognised_as_such(string stored)
    {
        var protector = Protector("legacy");

        Assert.Multiple(() =>
        {
            Assert.That(protector.GetFormat(stored), Is.EqualTo(ProviderKeyFormat.Unrecognized));
            var error = Assert.Throws<ProviderKeyDecryptionException>(() => protector.Unprotect("prov-x", stored));
            Assert.That(error!.Message, Does.Contain("'prov-x'").And.Contain("no known format").And.Not.Contain(stored));
        });
    }

    [Test]
    public void Protect_without_an_encryption_key_names_the_setting()
    {
        var protector = new ProviderKeyProtector(Options.Create(new GatewayPersistenceOptions()));

        var error = Assert.Throws<InvalidOperationException>(() => protector.Protect(ApiKey));

        Assert.That(error!.Message, Does.Contain(GatewaySecurityOptions.ProviderKeyEncryptionKeyKey));
    }

    private static ProviderKeyProtector Protector(string? legacySecret, string? encryptionKey = null)
        => new(Options.Create(new GatewayPersistenceOptions
        {
            Security = { LegacyJwtSecret = legacySecret, ProviderKeyEncryptionKey = encryptionKey ?? EncryptionKey },
        }));
}
