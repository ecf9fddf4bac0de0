using System.Security.Cryptography;
using System.Text;
using GatewayPersistence.Repositories;
using GatewayPersistence.Security;
using Microsoft.Extensions.Options;

namespace GatewayHost.Seeding;

/// <summary>
/// On first start against a database without any virtual key, creates one provider, one model and one virtual key
/// through the repositories, and prints the key. Runs in <see cref="IHostedLifecycleService.StartingAsync"/>, after the
/// library's migration service (registered before it), and before the web server accepts requests.
/// </summary>
internal sealed partial class DemoDataSeeder(
    IProviderRepository providers,
    IModelRepository models,
    IVirtualKeyRepository keys,
    IProviderKeyProtector providerKeys,
    IOptions<GatewayHostOptions> options,
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

        if ((await keys.GetAllAsync(limit: 1, cancellationToken)).Count > 0)
        {
            LogAlreadySeeded(logger);
            return;
        }

        var provider = await providers.CreateAsync(new NewProvider
        {
            Name = "Fake upstream",
            Description = "Built into the sample host; no network.",
            BaseUrl = "http://fake-upstream.invalid/v1",
            // Encrypted through the protector, as every provider key is stored; the fake upstream receives it decrypted.
            ApiKey = providerKeys.Protect("fake-upstream-" + RandomNumberGenerator.GetHexString(24, lowercase: true)),
        }, cancellationToken);
        var model = await models.CreateAsync(new NewModel
        {
            Name = ModelName, ModelIdentifier = ModelName, ProviderId = provider.Id, Protocol = "openai",
        }, cancellationToken);
        var keyValue = "vk_" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32);
        await keys.CreateAsync(new NewVirtualKey
        {
            KeyValue = keyValue,
            KeyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keyValue))),
            Name = "demo key",
            ProviderId = provider.Id,
            ModelId = model.Id,
        }, cancellationToken);
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

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Seeded the empty database with a provider, the model {Model} and a virtual key")]
    private static partial void LogSeeded(ILogger logger, string model);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "The database already holds a virtual key; nothing seeded")]
    private static partial void LogAlreadySeeded(ILogger logger);
}
