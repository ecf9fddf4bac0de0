using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GatewayPersistence.Tests.Repositories;

public class RepositoryRegistrationTests
{
    private static readonly Type[] RepositoryInterfaces =
    [
        typeof(IUserRepository), typeof(IProviderRepository), typeof(IModelRepository), typeof(IVirtualKeyRepository),
        typeof(ISystemConfigRepository), typeof(IApiRequestRepository), typeof(IRoutingConfigRepository),
        typeof(IExpertRoutingConfigRepository), typeof(IExpertRoutingLogRepository), typeof(IHealthTargetRepository),
        typeof(IHealthRunRepository),
    ];

    [Test]
    public async Task AddGatewayPersistence_registers_every_repository_as_a_working_singleton()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var clock = new FixedTimeProvider(RepositoryHarness.Start);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddGatewayPersistence(options =>
        {
            options.ConnectionString = database.ConnectionString;
            options.ServerVersion = TestDatabaseServer.ServerVersion.ToString();
        });
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        foreach (var type in RepositoryInterfaces)
        {
            var first = provider.GetRequiredService(type);
            using var scope = provider.CreateScope();
            Assert.That(scope.ServiceProvider.GetRequiredService(type), Is.SameAs(first), type.Name);
        }

        var users = provider.GetRequiredService<IUserRepository>();
        var created = await users.CreateAsync(new NewUser { Username = "di", PasswordHash = "h" });
        Assert.That(created.CreatedAt, Is.EqualTo(RepositoryHarness.Start), "the host's TimeProvider is used");
        Assert.That((await users.GetByUsernameAsync("di"))!.Id, Is.EqualTo(created.Id));
    }

    [Test]
    public void Without_a_host_clock_the_system_clock_is_registered()
    {
        var services = new ServiceCollection();
        services.AddGatewayPersistence(options => options.ConnectionString = "Server=unused;Database=unused");
        Assert.That(services.Single(d => d.ServiceType == typeof(TimeProvider)).ImplementationInstance, Is.SameAs(TimeProvider.System));
        Assert.That(services.Where(d => RepositoryInterfaces.Contains(d.ServiceType)).Select(d => d.Lifetime),
            Has.Exactly(RepositoryInterfaces.Length).EqualTo(ServiceLifetime.Singleton));
    }
}
