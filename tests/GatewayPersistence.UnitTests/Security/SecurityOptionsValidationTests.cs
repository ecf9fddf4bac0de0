using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.UnitTests.Security;

/// <summary>Start-up validation of GatewayPersistence:Security: the setting is named, its value never echoed.</summary>
public sealed class SecurityOptionsValidationTests
{
    [Test]
    public void A_key_that_is_not_base64_is_named_without_its_value()
    {
        const string value = "not base64 at all, and secret!";

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["GatewayPersistence:Security:ProviderKeyEncryptionKey"] = value }));

        Assert.That(error!.Message, Does.Contain(GatewaySecurityOptions.ProviderKeyEncryptionKeyKey).And.Contain("base64").And.Not.Contain(value));
    }

    [Test]
    public void A_key_of_the_wrong_length_is_named_with_the_lengths_only()
    {
        var value = Convert.ToBase64String(new byte[16]);

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["GatewayPersistence:Security:ProviderKeyEncryptionKey"] = value }));

        Assert.That(error!.Message, Does.Contain("16 bytes").And.Contain("32").And.Not.Contain(value));
    }

    [Test]
    public void A_legacy_secret_that_cannot_have_been_an_aes_256_key_is_named_without_its_value()
    {
        const string value = "ключ-который-не-ascii";

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["GatewayPersistence:Security:LegacyJwtSecret"] = value }));

        Assert.That(error!.Message, Does.Contain(GatewaySecurityOptions.LegacyJwtSecretKey).And.Not.Contain(value));
    }

    [TestCase("1000")]
    [TestCase("209999")]
    public void Too_few_password_iterations_are_refused(string iterations)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["GatewayPersistence:Security:PasswordIterations"] = iterations }));

        Assert.That(error!.Message, Does.Contain("PasswordIterations"));
    }

    [Test]
    public void Valid_secrets_bind_and_the_options_text_shows_none_of_them()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        var options = Resolve(new()
        {
            ["GatewayPersistence:Security:ProviderKeyEncryptionKey"] = key,
            ["GatewayPersistence:Security:LegacyJwtSecret"] = "legacy-jwt-secret",
        });

        Assert.Multiple(() =>
        {
            Assert.That(options.Security.ProviderKeyEncryptionKey, Is.EqualTo(key));
            Assert.That(options.Security.LegacyJwtSecret, Is.EqualTo("legacy-jwt-secret"));
            Assert.That(options.Security.PasswordIterations, Is.EqualTo(600_000));
            Assert.That(options.Security.ToString(), Does.Not.Contain(key).And.Not.Contain("legacy-jwt-secret").And.Contain("(set)"));
        });
    }

    private static GatewayPersistenceOptions Resolve(Dictionary<string, string?> settings)
    {
        settings["ConnectionStrings:Gateway"] = "Server=db;Database=gw";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddGatewayPersistence(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GatewayPersistenceOptions>>().Value;
    }
}
