using System.Net;
using System.Net.Sockets;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GatewayPersistence.UnitTests.Schema;

/// <summary>
/// A host that migrates without the migrations assembly. This project references the library only, exactly like a host
/// that added the GatewayPersistence package and forgot GatewayPersistence.Migrations: the check must name that package
/// before any connection is attempted (the connection strings below point at a closed port, so reaching the database
/// would fail differently).
/// </summary>
public sealed class MissingMigrationsAssemblyTests
{
    private static readonly MySqlServerVersion ServerVersion = new(new Version(8, 0, 36));

    [Test]
    public void The_migrations_assembly_is_really_absent_from_this_test_host()
        => Assert.That(Path.Combine(AppContext.BaseDirectory, GatewayDbContextOptionsFactory.MigrationsAssembly + ".dll"), Does.Not.Exist);

    [Test]
    public void MigrateOnStartup_stops_the_host_with_a_message_naming_the_package_to_add()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Gateway"] = ClosedPortConnectionString(),
            ["GatewayPersistence:ServerVersion"] = "8.0.36-mysql",
            ["GatewayPersistence:MigrateOnStartup"] = "true",
            ["GatewayPersistence:RequestLog:JournalDirectory"] = "",
        });
        builder.Services.AddGatewayPersistence(builder.Configuration);
        using var host = builder.Build();

        var exception = Assert.ThrowsAsync<GatewaySchemaException>(() => host.StartAsync());

        Assert.Multiple(() =>
        {
            Assert.That(exception!.Message, Does.Contain("Add the NuGet package 'GatewayPersistence.Migrations'"));
            Assert.That(exception.Message, Does.Contain("dotnet add package GatewayPersistence.Migrations --version "));
            Assert.That(exception.InnerException, Is.InstanceOf<FileNotFoundException>(), "the loader's own error stays attached");
        });
    }

    [Test]
    public void MigrateGatewayDatabaseAsync_names_the_package_too()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGatewayPersistence(options =>
        {
            options.ConnectionString = ClosedPortConnectionString();
            options.ServerVersion = "8.0.36-mysql";
        });
        using var provider = services.BuildServiceProvider();

        var exception = Assert.ThrowsAsync<GatewaySchemaException>(() => provider.MigrateGatewayDatabaseAsync());

        Assert.That(exception!.Message, Does.Contain("'GatewayPersistence.Migrations'").And.Contain("MigrateOnStartup"));
    }

    [Test]
    public void The_standalone_migrator_names_the_package_too()
    {
        var migrator = GatewayDatabaseMigrator.Create(ClosedPortConnectionString(), ServerVersion);

        var exception = Assert.ThrowsAsync<GatewaySchemaException>(() => migrator.MigrateAsync());

        Assert.That(exception!.Message, Does.Contain("Add the NuGet package 'GatewayPersistence.Migrations'"));
    }

    [Test]
    public void A_custom_migrations_assembly_that_cannot_be_loaded_is_named()
    {
        var options = new DbContextOptionsBuilder<GatewayDbContext>()
            .UseMySql(ClosedPortConnectionString(), ServerVersion, mysql => mysql.MigrationsAssembly("Contoso.Gateway.Migrations"))
            .Options;
        using var context = new GatewayDbContext(options);

        var exception = Assert.Throws<GatewaySchemaException>(
            () => MigrationsAssemblyCheck.EnsureLoadable(context, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));

        Assert.That(exception!.Message, Does.Contain("'Contoso.Gateway.Migrations' cannot be loaded"));
    }

    /// <summary>A connection string to a port nothing listens on.</summary>
    private static string ClosedPortConnectionString()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"Server=127.0.0.1;Port={port};Database=gw;User ID=gw;Password=pw;Connection Timeout=2";
    }
}
