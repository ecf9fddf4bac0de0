using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Repositories;
using GatewayPersistence.Security;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace GatewayPersistence.Tests.Repositories;

/// <summary>A clock the test sets and moves.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>A logger that keeps the formatted messages, to check what (and what not) gets logged.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public List<string> Messages { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Messages.Add(formatter(state, exception));
}

/// <summary>
/// A fresh migrated database with every repository built on it, a fixed clock and capturing loggers.
/// The repositories are constructed directly (DI registration has its own test).
/// </summary>
internal sealed class RepositoryHarness : IAsyncDisposable
{
    /// <summary>The clock's start: 2026-01-15 12:00:00 UTC.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private RepositoryHarness(TestDatabase database)
    {
        Database = database;
        Factory = new PooledDbContextFactory<GatewayDbContext>(database.ContextOptions);
        PasswordHasher = new GatewayPasswordHasher(
            Microsoft.Extensions.Options.Options.Create(new GatewayPersistenceOptions { Security = { PasswordIterations = GatewaySecurityOptions.MinimumPasswordIterations } }),
            PasswordHasherLogger);
        Users = new UserRepository(Factory, Time, PasswordHasher, UserLogger);
        Providers = new ProviderRepository(Factory, Time);
        Models = new ModelRepository(Factory, Time);
        VirtualKeys = new VirtualKeyRepository(Factory, Time);
        SystemConfig = new SystemConfigRepository(Factory, Time);
        ApiRequests = new ApiRequestRepository(Factory, Time, ApiRequestLogger);
        RoutingConfigs = new RoutingConfigRepository(Factory, Time);
        ExpertRoutingConfigs = new ExpertRoutingConfigRepository(Factory, Time);
        ExpertRoutingLogs = new ExpertRoutingLogRepository(Factory, Time);
        HealthTargets = new HealthTargetRepository(Factory, Time);
        HealthRuns = new HealthRunRepository(Factory, Time, HealthRunLogger);
    }

    public TestDatabase Database { get; }

    public IDbContextFactory<GatewayDbContext> Factory { get; }

    public FixedTimeProvider Time { get; } = new(Start);

    public ListLogger<ApiRequestRepository> ApiRequestLogger { get; } = new();

    public ListLogger<HealthRunRepository> HealthRunLogger { get; } = new();

    public ListLogger<GatewayPasswordHasher> PasswordHasherLogger { get; } = new();

    public ListLogger<UserRepository> UserLogger { get; } = new();

    public IGatewayPasswordHasher PasswordHasher { get; }

    public IUserRepository Users { get; }

    public IProviderRepository Providers { get; }

    public IModelRepository Models { get; }

    public IVirtualKeyRepository VirtualKeys { get; }

    public ISystemConfigRepository SystemConfig { get; }

    public IApiRequestRepository ApiRequests { get; }

    public IRoutingConfigRepository RoutingConfigs { get; }

    public IExpertRoutingConfigRepository ExpertRoutingConfigs { get; }

    public IExpertRoutingLogRepository ExpertRoutingLogs { get; }

    public IHealthTargetRepository HealthTargets { get; }

    public IHealthRunRepository HealthRuns { get; }

    public static async Task<RepositoryHarness> CreateAsync() => new(await TestDatabase.CreateMigratedAsync());

    public GatewayDbContext CreateContext() => Database.CreateContext();

    /// <summary>A provider with generated id and the given name.</summary>
    public Task<Provider> CreateProviderAsync(string name = "upstream", string? id = null)
        => Providers.CreateAsync(new NewProvider { Id = id, Name = name, BaseUrl = "https://api.example.test", ApiKey = "iv:cipher" });

    /// <summary>A virtual key with value and hash derived from <paramref name="suffix"/>.</summary>
    public Task<VirtualKey> CreateKeyAsync(string suffix, string? modelId = null, string? modelIds = null, bool disableLogging = false)
        => VirtualKeys.CreateAsync(new NewVirtualKey
        {
            Id = "vk-" + suffix,
            KeyValue = "vk_value_" + suffix,
            KeyHash = "hash_" + suffix,
            Name = "key " + suffix,
            ModelId = modelId,
            ModelIds = modelIds,
            DisableLogging = disableLogging,
        });

    /// <summary>
    /// Inserts request-log rows with EF (the request-log pipeline is the real writer), then rebuilds the rollups from the
    /// raw rows, as the pipeline would have kept them (the request list's total reads them).
    /// </summary>
    public async Task AddApiRequestsAsync(params ApiRequest[] requests)
    {
        await using (var context = CreateContext())
        {
            context.ApiRequests.AddRange(requests);
            await context.SaveChangesAsync();
        }

        await RebuildRollupsAsync();
    }

    /// <summary>Rebuilds the rollups from the raw rows (after rows were written around the pipeline).</summary>
    public Task RebuildRollupsAsync() => Statistics.StatisticsTestSupport.Backfill(Database).BackfillAsync(null, null);

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
