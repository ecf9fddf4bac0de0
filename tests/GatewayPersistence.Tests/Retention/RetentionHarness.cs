using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Retention;
using GatewayPersistence.Statistics;
using GatewayPersistence.Tests.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GatewayPersistence.Tests.Retention;

/// <summary>
/// The library registered on a test database as a host would (AddGatewayPersistence), with a clock the test sets and
/// retention settings of its own; each harness is one "gateway instance".
/// </summary>
internal sealed class RetentionHarness : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    public RetentionHarness(TestDatabase database, DateTimeOffset now, Action<RetentionOptions> configure, bool useRollup = true)
    {
        Time = new FixedTimeProvider(now);
        var services = new ServiceCollection();
        services.AddLogging();
        services.TryAddSingleton<TimeProvider>(Time);
        services.AddGatewayPersistence(options =>
        {
            options.ConnectionString = database.ConnectionString;
            options.ServerVersion = TestDatabaseServer.ServerVersion.ToString();
            options.Statistics.UseHourlyRollup = useRollup;
            configure(options.RequestLog.Retention);
        });
        provider = services.BuildServiceProvider();
    }

    public FixedTimeProvider Time { get; }

    public IServiceProvider Services => provider;

    public RequestLogRetention Retention => provider.GetRequiredService<RequestLogRetention>();

    public IApiRequestStatistics Statistics => provider.GetRequiredService<IApiRequestStatistics>();

    public ValueTask DisposeAsync() => provider.DisposeAsync();

    /// <summary>Inserts <paramref name="count"/> rows with bodies at <paramref name="start"/> + i × <paramref name="step"/> ms.</summary>
    public static Task InsertRowsAsync(TestDatabase database, string prefix, int count, long start, long step, string? body = "body")
        => database.ExecuteAsync(
            "INSERT INTO api_requests (id, status, model, prompt_tokens, completion_tokens, request_body, response_body, error_message, ip, created_at) "
            + $"SELECT CONCAT('{prefix}', numbers.n), IF(numbers.n % 7 = 0, 'error', 'success'), CONCAT('m', numbers.n % 3), numbers.n % 50, 3, "
            + (body is null ? "NULL, NULL, " : $"CONCAT('{body}-req-', numbers.n), CONCAT('{body}-resp-', numbers.n), ")
            + $"IF(numbers.n % 7 = 0, 'boom', NULL), '10.0.0.1', {start} + numbers.n * {step} FROM {BulkRows.Numbers(count)}");
}
