using GatewayPersistence.Sql;
using Microsoft.EntityFrameworkCore.Infrastructure;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Entities;
using GatewayPersistence.RequestLog;
using GatewayPersistence.Rollups;
using GatewayPersistence.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace GatewayPersistence.Benchmarks;

/// <summary>The ingest paths measured on the same records.</summary>
internal sealed class IngestScenarios : IDisposable
{
    private readonly string connectionString;
    private readonly List<ApiRequestRecord> records;
    private readonly DbContextOptions<GatewayDbContext> contextOptions;
    private readonly ApiRequestColumnLayout table;
    private readonly List<PreparedApiRequestRow> preparedRows;
    private readonly GatewayDataSource pipelineDataSource;
    private readonly LoadDataFiles loadDataFiles;
    private readonly StatementTimer statements = new();

    public IngestScenarios(string connectionString, List<ApiRequestRecord> records)
    {
        this.connectionString = connectionString;
        this.records = records;
        // One data source for every pipeline run, as a gateway process has one: EF builds its internal services per data
        // source, so a fresh one per run would time that build and the growing heap of the earlier runs' copies.
        pipelineDataSource = new GatewayDataSource(Microsoft.Extensions.Options.Options.Create(
            new GatewayPersistenceOptions { ConnectionString = connectionString }));
        contextOptions = GatewayDbContextOptionsFactory.Create(connectionString, ServerVersion.AutoDetect(connectionString));
        table = ApiRequestColumnLayout.Create(
            new SqlModel(new PooledDbContextFactory<GatewayDbContext>(contextOptions)), new RequestLogOptions(), 256 * 1024 * 1024, totalTokensIsPlain: false);
        var preparer = new ApiRequestRowPreparer(table, new RequestLogMetrics(null), NullLogger.Instance);
        preparedRows = preparer.Prepare(records, []);
        loadDataFiles = new LoadDataFiles(connectionString, table, preparedRows);
    }

    /// <summary>The pipeline's client work besides the load, each step timed alone (<see cref="ClientWork"/>).</summary>
    public ClientWorkResult MeasureClientWork() => ClientWork.Measure(records, table);

    public async Task TruncateAsync()
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(
            "TRUNCATE TABLE api_requests; TRUNCATE TABLE api_request_hourly_rollups; TRUNCATE TABLE api_request_key_hourly_rollups", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Waits for the server to be at rest (<see cref="ServerQuiesce"/>); returns the time waited.</summary>
    public Task<TimeSpan> QuiesceAsync() => ServerQuiesce.WaitAsync(connectionString);

    public async Task<long> CountAsync()
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT COUNT(*) FROM api_requests", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Plain EF Core: a context per batch of 200, AddRange, SaveChanges.</summary>
    public Task<IngestRun> EfCoreAsync() => IngestRun.MeasureAsync(async () =>
    {
        foreach (var batch in records.Chunk(200))
        {
            await using var context = new GatewayDbContext(contextOptions);
            context.ApiRequests.AddRange(batch.Select(ApiRequestRowPreparer.ToEntity));
            await context.SaveChangesAsync();
        }
    });

    /// <summary>
    /// Raw MySqlBulkCopy from ready values (no truncation, no idempotency, no foreign-key check, no rollup), in batches of
    /// <see cref="LoadDataFiles.RowsPerFile"/> (autocommit), dealt out round-robin to <paramref name="connections"/>
    /// concurrent connections, into <c>api_requests</c> itself.
    /// </summary>
    public Task<IngestRun> BulkCopyAsync(int connections) => IngestRun.MeasureAsync(() =>
    {
        var batches = preparedRows.Chunk(LoadDataFiles.RowsPerFile).ToList();
        return Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
        {
            await using var connection = new MySqlConnection(connectionString);
            await connection.OpenAsync();
            for (var index = worker; index < batches.Count; index += connections)
            {
                var bulkCopy = new MySqlBulkCopy(connection) { DestinationTableName = table.TableName };
                for (var column = 0; column < table.Columns.Count; column++)
                {
                    bulkCopy.ColumnMappings.Add(new MySqlBulkCopyColumnMapping(column, table.Columns[column].Name));
                }

                using var reader = new PreparedRowDataReader(table, batches[index]);
                await bulkCopy.WriteToServerAsync(reader);
            }
        }));
    });

    /// <summary>The server's ceiling: <paramref name="clients"/> mariadb clients loading the exported files at once.</summary>
    public Task<IngestRun> ServerLoadDataAsync(int clients) => loadDataFiles.LoadAsync(clients);

    /// <summary>
    /// The pipeline end to end, first Enqueue to last row committed (FlushAsync returned), with its default settings
    /// changed by <paramref name="configure"/>; <paramref name="withoutRollups"/> registers <see cref="NoRollupWriter"/>.
    /// The statement timer records the measured span only.
    /// </summary>
    public async Task<IngestRun> PipelineAsync(Action<RequestLogOptions>? configure, bool withoutRollups = false)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"gw-bench-pipeline-{Guid.NewGuid():N}");
        var services = new ServiceCollection();
        // A host always provides logging (the services take ILogger<T>); no provider is added, so nothing is printed.
        services.AddLogging();
        services.AddSingleton(pipelineDataSource);
        if (withoutRollups)
        {
            services.AddSingleton<IApiRequestRollupWriter, NoRollupWriter>();
        }

        services.AddGatewayPersistence(options =>
        {
            options.ConnectionString = connectionString;
            options.RequestLog.JournalDirectory = Path.Combine(directory, "journal");
            options.RequestLog.DeadLetterDirectory = Path.Combine(directory, "dead-letter");
            // The whole data set is enqueued at once (~600 MB of UTF-16 strings): more than the default byte budget, whose
            // overflow would go through the journal; this scenario times the write path, so it holds everything in memory.
            options.RequestLog.MaxQueuedBytes = long.MaxValue / 4;
            configure?.Invoke(options.RequestLog);
        });
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        var log = provider.GetRequiredService<IApiRequestLog>();
        // Warm-up: server facts and connection pool, then an empty table again.
        log.Enqueue(records[0] with { Id = "warm-up" });
        await log.FlushAsync(CancellationToken.None);
        await TruncateAsync();

        statements.Start();
        var run = await IngestRun.MeasureAsync(async () =>
        {
            foreach (var record in records)
            {
                log.Enqueue(record);
            }

            await log.FlushAsync(CancellationToken.None);
        });
        run = run with { Split = statements.Stop() };
        foreach (var service in hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return run;
    }

    public void Dispose()
    {
        pipelineDataSource.Dispose();
        loadDataFiles.Dispose();
        statements.Dispose();
    }
}
