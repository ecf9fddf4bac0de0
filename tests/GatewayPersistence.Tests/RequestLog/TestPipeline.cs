using GatewayPersistence.DependencyInjection;
using GatewayPersistence.RequestLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GatewayPersistence.Tests.RequestLog;

/// <summary>One gateway instance's request-log pipeline, built through AddGatewayPersistence as a host would.</summary>
internal sealed class TestPipeline : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private readonly IHostedService[] services;
    private bool stopped;

    private TestPipeline(ServiceProvider provider, string directory)
    {
        this.provider = provider;
        Directory = directory;
        services = provider.GetServices<IHostedService>().ToArray();
        Log = provider.GetRequiredService<IApiRequestLog>();
        State = provider.GetRequiredService<IRequestLogState>();
    }

    /// <summary>Working directory holding <c>journal/</c> and <c>dead-letter/</c>.</summary>
    public string Directory { get; }

    public string JournalDirectory => Path.Combine(Directory, "journal");

    public string DeadLetterDirectory => Path.Combine(Directory, "dead-letter");

    public IApiRequestLog Log { get; }

    public IRequestLogState State { get; }

    internal ApiRequestBatchProcessor Processor => provider.GetRequiredService<ApiRequestBatchProcessor>();

    /// <summary>A service of the pipeline's provider.</summary>
    internal T Get<T>() where T : notnull => provider.GetRequiredService<T>();

    /// <summary>The column layout in use, once the database has answered.</summary>
    internal ApiRequestColumnLayout? Layout => provider.GetRequiredService<WritePathProvider>().Current?.Layout;

    /// <summary>Builds the pipeline (not started: call <see cref="StartAsync"/>).</summary>
    /// <param name="connectionString">The database.</param>
    /// <param name="configure">Request-log options on top of the test defaults.</param>
    /// <param name="directory">Working directory (a fresh temp one when null).</param>
    /// <param name="hostShutdownTimeout">The host's <see cref="HostOptions.ShutdownTimeout"/> (the framework default when null).</param>
    /// <param name="detectServerVersion">Leave <c>ServerVersion</c> unset, so the library asks the server (tests set it otherwise).</param>
    /// <param name="moreServices">More registrations (health checks, say).</param>
    public static TestPipeline Create(
        string connectionString, Action<RequestLogOptions>? configure = null, string? directory = null, TimeSpan? hostShutdownTimeout = null,
        bool detectServerVersion = false, Action<IServiceCollection>? moreServices = null)
    {
        directory ??= Path.Combine(Path.GetTempPath(), $"gateway-request-log-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var services = new ServiceCollection();
        services.AddLogging();
        if (hostShutdownTimeout is { } timeout)
        {
            services.Configure<HostOptions>(host => host.ShutdownTimeout = timeout);
        }

        services.AddGatewayPersistence(options =>
        {
            options.ConnectionString = connectionString;
            options.ServerVersion = detectServerVersion ? null : TestDatabaseServer.ServerVersion.ToString();
            options.RequestLog.JournalDirectory = Path.Combine(directory, "journal");
            options.RequestLog.DeadLetterDirectory = Path.Combine(directory, "dead-letter");
            options.RequestLog.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
            options.RequestLog.RetryMaxDelay = TimeSpan.FromMilliseconds(200);
            options.RequestLog.ProbeInterval = TimeSpan.FromMilliseconds(200);
            configure?.Invoke(options.RequestLog);
        });
        moreServices?.Invoke(services);
        return new TestPipeline(services.BuildServiceProvider(), directory);
    }

    public static async Task<TestPipeline> StartAsync(
        string connectionString, Action<RequestLogOptions>? configure = null, string? directory = null, TimeSpan? hostShutdownTimeout = null)
    {
        var pipeline = Create(connectionString, configure, directory, hostShutdownTimeout);
        await pipeline.StartAsync();
        return pipeline;
    }

    public async Task StartAsync()
    {
        foreach (var service in services)
        {
            await service.StartAsync(CancellationToken.None);
        }
    }

    /// <summary>Stops as the host would, with its shutdown timeout.</summary>
    public async Task StopAsync(TimeSpan? shutdownTimeout = null)
    {
        if (stopped)
        {
            return;
        }

        stopped = true;
        using var timeout = new CancellationTokenSource(shutdownTimeout ?? TimeSpan.FromSeconds(60));
        foreach (var service in services.Reverse())
        {
            await service.StopAsync(timeout.Token);
        }
    }

    public int JournalSegmentCount()
        => System.IO.Directory.Exists(JournalDirectory) ? System.IO.Directory.GetFiles(JournalDirectory, "*.jsonl").Length : 0;

    public string[] DeadLetterLines()
        => System.IO.Directory.Exists(DeadLetterDirectory)
            ? System.IO.Directory.GetFiles(DeadLetterDirectory).SelectMany(File.ReadAllLines).ToArray()
            : [];

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await provider.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Leaves a temp directory behind at worst.
        }
    }
}

/// <summary>Records as the gateway would log them.</summary>
internal static class TestRecords
{
    private static readonly DateTimeOffset Base = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000);

    public static ApiRequestRecord Create(string id, int index, string? virtualKeyId = null, string? providerId = null) => new()
    {
        Id = id,
        CreatedAt = Base.AddMilliseconds(index * 7919L % 86_400_000),
        VirtualKeyId = virtualKeyId,
        ProviderId = providerId,
        Model = "gpt-test",
        PromptTokens = index % 100,
        CompletionTokens = index % 50,
        Status = index % 10 == 0 ? "error" : "success",
        ResponseTimeMs = index % 1000,
        RequestBody = $$"""{"messages":[{"role":"user","content":"hello {{index}}"}]}""",
        ResponseBody = "response " + index,
        RequestParamsJson = """{"temperature":0.5}""",
        Ip = "127.0.0.1",
        UserAgent = "tests",
    };

    public static List<ApiRequestRecord> Many(string prefix, int count, string? virtualKeyId = null, string? providerId = null)
        => Enumerable.Range(0, count).Select(index => Create($"{prefix}-{index:D6}", index, virtualKeyId, providerId)).ToList();

    /// <summary>Stored created_at per id.</summary>
    public static async Task<Dictionary<string, long>> StoredCreatedAtAsync(TestDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new MySqlCommand("SELECT id, created_at FROM api_requests", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            stored.Add(reader.GetString(0), reader.GetInt64(1));
        }

        return stored;
    }

    public static async Task SeedKeyAsync(TestDatabase database, string providerId, string virtualKeyId)
        => await database.ExecuteAsync($"""
            INSERT INTO providers (id, name, base_url, api_key, created_at, updated_at) VALUES ('{providerId}', 'p', 'http://x', 'enc', 1, 1);
            INSERT INTO virtual_keys (id, key_value, key_hash, name, provider_id, created_at, updated_at)
            VALUES ('{virtualKeyId}', 'vk_{virtualKeyId}', 'hash_{virtualKeyId}', 'k', '{providerId}', 1, 1);
            """);
}
