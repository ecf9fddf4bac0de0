using GatewayPersistence.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.UnitTests.DependencyInjection;

/// <summary>Start-up validation of GatewayPersistenceOptions and the legacy MYSQL_* fallback (no database needed).</summary>
public sealed class OptionsValidationTests
{
    private const string Password = "hunter2-do-not-echo";

    [Test]
    public void Missing_connection_string_names_every_way_to_configure_one()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Resolve(new()));

        Assert.That(exception!.Message, Does.Contain("ConnectionStrings:Gateway").And.Contain("MYSQL_PASSWORD").And.Contain("MYSQL_HOST"));
    }

    [Test]
    public void Unparsable_connection_string_is_reported_without_its_password()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["ConnectionStrings:Gateway"] = $"Server=db;Database=gw;Password={Password};NoSuchOption=1",
        }));

        Assert.That(exception!.Message, Does.Contain("cannot be parsed").And.Not.Contain(Password));
    }

    [Test]
    public void Connection_string_without_a_database_is_rejected_without_its_password()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["ConnectionStrings:Gateway"] = $"Server=db;User ID=gw;Password={Password}",
        }));

        Assert.That(exception!.Message, Does.Contain("no Database").And.Not.Contain(Password));
    }

    [Test]
    public void Unparsable_server_version_names_the_setting()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["ConnectionStrings:Gateway"] = $"Server=db;Database=gw;Password={Password}",
            ["GatewayPersistence:ServerVersion"] = "eight-point-oh",
        }));

        Assert.That(exception!.Message, Does.Contain("ServerVersion 'eight-point-oh'").And.Not.Contain(Password));
    }

    [Test]
    public void Bad_request_log_numbers_are_each_named()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["ConnectionStrings:Gateway"] = "Server=db;Database=gw",
            ["GatewayPersistence:RequestLog:QueueCapacity"] = "0",
            ["GatewayPersistence:RequestLog:BatchSize"] = "0",
            ["GatewayPersistence:RequestLog:FlushInterval"] = "00:00:00",
            ["GatewayPersistence:RequestLog:BodyByteLimit"] = "13",
            ["GatewayPersistence:RequestLog:MaxConcurrentBatches"] = "0",
        }));

        Assert.That(exception!.Failures, Has.Exactly(5).Items);
        Assert.That(exception.Message, Does.Contain("QueueCapacity must be at least 1")
            .And.Contain("BatchSize must be at least 1")
            .And.Contain("FlushInterval must be positive")
            .And.Contain("BodyByteLimit must be at least 14")
            .And.Contain("MaxConcurrentBatches must be between 1 and 16"));
    }

    [Test]
    public void Valid_options_pass()
    {
        var options = Resolve(new()
        {
            ["ConnectionStrings:Gateway"] = "Server=db;Database=gw;User ID=gw;Password=pw",
            ["GatewayPersistence:ServerVersion"] = "10.11.6-mariadb",
            ["GatewayPersistence:RequestLog:BatchSize"] = "500",
        });

        Assert.That(options.RequestLog.BatchSize, Is.EqualTo(500));
    }

    [Test]
    public void Section_connection_string_wins_over_ConnectionStrings_Gateway()
    {
        var options = Resolve(new()
        {
            ["ConnectionStrings:Gateway"] = "Server=other;Database=gw",
            ["GatewayPersistence:ConnectionString"] = "Server=first;Database=gw",
        });

        Assert.That(new MySqlConnectionStringBuilder(options.ConnectionString!).Server, Is.EqualTo("first"));
    }

    [Test]
    public void Legacy_variables_build_the_connection_string_with_the_TypeScript_defaults()
    {
        var options = Resolve(new() { ["MYSQL_PASSWORD"] = Password, ["MYSQL_HOST"] = "legacy-db" });

        var built = new MySqlConnectionStringBuilder(options.ConnectionString!);
        Assert.Multiple(() =>
        {
            Assert.That(built.Server, Is.EqualTo("legacy-db"));
            Assert.That(built.Port, Is.EqualTo(3306));
            Assert.That(built.UserID, Is.EqualTo("root"));
            Assert.That(built.Database, Is.EqualTo("llm_gateway"));
            Assert.That(built.Password, Is.EqualTo(Password));
            Assert.That(built.CharacterSet, Is.EqualTo("utf8mb4"));
        });
    }

    [Test]
    public void Legacy_variables_without_MYSQL_PASSWORD_fail_naming_it()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["MYSQL_HOST"] = "legacy-db", ["MYSQL_USER"] = "gw" }));

        Assert.That(exception!.Message, Does.Contain("MYSQL_PASSWORD is not set"));
    }

    [Test]
    public void Legacy_port_that_is_not_a_number_is_named_without_the_password()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["MYSQL_PASSWORD"] = Password, ["MYSQL_PORT"] = "33o6" }));

        Assert.That(exception!.Message, Does.Contain("MYSQL_PORT '33o6'").And.Not.Contain(Password));
    }

    [Test]
    public void Explicit_connection_string_ignores_the_legacy_variables()
    {
        var options = Resolve(new() { ["ConnectionStrings:Gateway"] = "Server=modern;Database=gw", ["MYSQL_HOST"] = "legacy-db", ["MYSQL_PASSWORD"] = "x" });

        Assert.That(new MySqlConnectionStringBuilder(options.ConnectionString!).Server, Is.EqualTo("modern"));
    }

    [Test]
    public void Host_start_fails_on_invalid_options_before_any_service_starts()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Gateway"] = "Server=db;Database=gw",
            ["GatewayPersistence:RequestLog:BatchSize"] = "0",
        });
        builder.Services.AddGatewayPersistence(builder.Configuration);
        using var host = builder.Build();

        var exception = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(exception!.Message, Does.Contain("BatchSize must be at least 1"));
    }

    [Test]
    public void Code_overload_validates_too()
    {
        var services = new ServiceCollection();
        services.AddGatewayPersistence(options =>
        {
            options.ConnectionString = "Server=db;Database=gw";
            options.RequestLog.QueueCapacity = 0;
        });
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<GatewayPersistenceOptions>>().Value);

        Assert.That(exception!.Message, Does.Contain("QueueCapacity must be at least 1"));
    }

    private static GatewayPersistenceOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddGatewayPersistence(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GatewayPersistenceOptions>>().Value;
    }
}
