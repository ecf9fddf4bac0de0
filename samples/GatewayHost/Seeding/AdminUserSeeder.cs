using System.Security.Cryptography;
using GatewayHost.Auth;
using GatewayPersistence.Repositories;
using GatewayPersistence.Security;
using Microsoft.Extensions.Options;

namespace GatewayHost.Seeding;

/// <summary>
/// On first start against a database without any user, creates one admin (<c>GatewayHost:Admin:SeedUsername</c>,
/// default <c>admin</c>) with a random password, hashed with the password service, and prints the password once, as
/// the demo key is printed. Runs in <see cref="IHostedLifecycleService.StartingAsync"/>, after the library's migration
/// service, before the web server accepts requests.
/// </summary>
internal sealed partial class AdminUserSeeder(
    IUserRepository users,
    IGatewayPasswordHasher passwordHasher,
    IOptions<AdminLoginOptions> options,
    IOptions<GatewayHostOptions> hostOptions,
    ILogger<AdminUserSeeder> logger) : IHostedLifecycleService
{
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!(options.Value.SeedUser ?? hostOptions.Value.SeedDemoData))
        {
            return;
        }

        if ((await users.GetAllAsync(limit: 1, cancellationToken)).Count > 0)
        {
            return;
        }

        var username = options.Value.SeedUsername;
        var password = RandomNumberGenerator.GetString(PasswordAlphabet, 24);
        try
        {
            await users.CreateAsync(new NewUser { Username = username, PasswordHash = passwordHasher.HashPassword(password) }, cancellationToken);
        }
        catch (DuplicateValueException)
        {
            return; // another instance seeded it first: its console has the password
        }

        LogSeeded(logger, username);
        // As with the demo key: the operator needs the password once, on first seed. It goes to the console only (not
        // through ILogger, so no log sink or collector keeps it), is never printed again, and only its hash is stored.
        Console.WriteLine($"Admin user: {username}");
        Console.WriteLine($"Admin password: {password}");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Seeded the empty users table with the admin {Username}; its password was printed to the console once")]
    private static partial void LogSeeded(ILogger logger, string username);
}
