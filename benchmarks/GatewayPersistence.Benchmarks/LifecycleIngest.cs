using System.Diagnostics;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.RequestLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GatewayPersistence.Benchmarks;

/// <summary>
/// The request-log pipeline of one gateway instance (defaults) on the benchmark database, fed at full speed: producers
/// enqueue as fast as the writer takes rows (a bounded backlog, so nothing spills to the journal), with new ids and
/// created_at = the real now, so the rows land above every retention cutoff. Rows/s are rows committed over a span.
/// </summary>
internal sealed class LifecycleIngest : IAsyncDisposable
{
    private const int Backlog = 20_000;
    private readonly ServiceProvider provider;
    private readonly List<IHostedService> hosted;
    private readonly IApiRequestLog log;
    private readonly IRequestLogState state;
    private readonly List<ApiRequestRecord> templates;
    private readonly string directory;
    private CancellationTokenSource? feeding;
    private Task? feeder;

    private LifecycleIngest(ServiceProvider provider, List<IHostedService> hosted, string directory)
    {
        this.provider = provider;
        this.directory = directory;
        this.hosted = hosted;
        log = provider.GetRequiredService<IApiRequestLog>();
        state = provider.GetRequiredService<IRequestLogState>();
        // ~1 KB rows (bodies of a few hundred bytes): realistic enough, and a long run does not fill the disk.
        templates = IngestData.Generate(10_000, seed: 7)
            .Select(r => r with { RequestBody = r.RequestBody![..400], ResponseBody = r.ResponseBody![..300] }).ToList();
    }

    public static async Task<LifecycleIngest> StartAsync(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var directory = Path.Combine(Path.GetTempPath(), $"gw-bench-lifecycle-{Guid.NewGuid():N}");
        services.AddGatewayPersistence(options =>
        {
            options.ConnectionString = connectionString;
            options.RequestLog.JournalDirectory = Path.Combine(directory, "journal");
            options.RequestLog.DeadLetterDirectory = Path.Combine(directory, "dead-letter");
        });
        var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().Where(s => s is not Retention.RequestLogRetentionService).ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        return new LifecycleIngest(provider, hosted, directory);
    }

    /// <summary>Rows committed so far.</summary>
    public long Written => state.GetSnapshot().Written;

    /// <summary>Starts feeding the pipeline until <see cref="StopFeedingAsync"/>.</summary>
    public void StartFeeding()
    {
        feeding = new CancellationTokenSource();
        var token = feeding.Token;
        feeder = Task.Run(async () =>
        {
            var random = new Random(11);
            var index = 0;
            while (!token.IsCancellationRequested)
            {
                var snapshot = state.GetSnapshot();
                if (snapshot.Accepted - snapshot.Written > Backlog)
                {
                    await Task.Delay(1, CancellationToken.None);
                    continue;
                }

                for (var i = 0; i < 1_000; i++)
                {
                    var template = templates[index++ % templates.Count];
                    log.Enqueue(template with { Id = IngestData.RandomId(random), CreatedAt = DateTimeOffset.UtcNow });
                }
            }
        }, CancellationToken.None);
    }

    public async Task StopFeedingAsync()
    {
        if (feeding is null || feeder is null)
        {
            return;
        }

        await feeding.CancelAsync();
        await feeder;
        await log.FlushAsync(CancellationToken.None);
        feeding.Dispose();
        feeding = null;
    }

    /// <summary>Rows/s committed while <paramref name="work"/> runs (feeding already started); returns both.</summary>
    public async Task<(double RowsPerSecond, TimeSpan Elapsed, T Result)> MeasureDuringAsync<T>(Func<Task<T>> work)
    {
        var before = Written;
        var stopwatch = Stopwatch.StartNew();
        var result = await work();
        var elapsed = stopwatch.Elapsed;
        return ((Written - before) / elapsed.TotalSeconds, elapsed, result);
    }

    public async ValueTask DisposeAsync()
    {
        await StopFeedingAsync();
        foreach (var service in hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }

        await provider.DisposeAsync();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
