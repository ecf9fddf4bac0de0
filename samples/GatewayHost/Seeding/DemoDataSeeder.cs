using System.Security.Cryptography;
using GatewayPersistence;
using GatewayPersistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GatewayHost.Seeding;

/// <summary>
/// On first start against an empty database, creates one provider, one model and one virtual key, and prints the key.
/// Runs in <see cref="IHostedLifecycleService.StartingAsync"/>, after the library's migration service (registered
/// before it), and before the web server accepts requests.
/// </summary>
internal sealed partial class DemoDataSeeder(
    IDbContextFactory<GatewayDbContext> contexts,
    IOptions<GatewayHostOptions> options,
    TimeProvider time,
    ILogger<DemoDataSeeder> logger) : IHostedLifecycleService
{
    /// <summary>Name of the seeded model, which the demo asks for.</summary>
    public const string ModelName = "demo-echo";

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemoData)
        {
            return;
        }

        // TODO(integration): create through IProviderRepository / IModelRepository / IVirtualKeyRepository.
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        if (await context.VirtualKeys.AnyAsync(cancellationToken) || await context.Providers.AnyAsync(cancellationToken))
        {
            LogAlreadySeeded(logger);
            return;
        }

        var now = time.GetUtcNow();
        var provider = new Provider
        {
            Id = NewId(), Name = "Fake upstream", Description = "Built into the sample host; no network.",
            BaseUrl = "http://fake-upstream.invalid/v1", ApiKey = "not-a-secret", CreatedAt = now, UpdatedAt = now,
        };
        var model = new Model
        {
            Id = NewId(), Name = ModelName, ProviderId = provider.Id, ModelIdentifier = ModelName, Protocol = "openai",
            CreatedAt = now, UpdatedAt = now,
        };
        var keyValue = "vk_" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32);
        var key = new VirtualKey
        {
            Id = NewId(), KeyValue = keyValue, KeyHash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(keyValue))),
            Name = "demo key", ProviderId = provider.Id, ModelId = model.Id, CreatedAt = now, UpdatedAt = now,
        };
        context.AddRange(provider, model, key);
        await context.SaveChangesAsync(cancellationToken);
        LogSeeded(logger, ModelName);

        // The one deliberate exception to "never log a key": the operator needs the demo key once, on first seed. It goes
        // to the console only (not through ILogger, so no log sink or collector keeps it) and is never printed again.
        Console.WriteLine($"Demo virtual key: {keyValue}");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string NewId() => RandomNumberGenerator.GetString("0123456789abcdefghijklmnopqrstuvwxyz", 21);

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Seeded the empty database with a provider, the model {Model} and a virtual key")]
    private static partial void LogSeeded(ILogger logger, string model);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "The database already holds providers or keys; nothing seeded")]
    private static partial void LogAlreadySeeded(ILogger logger);
}
