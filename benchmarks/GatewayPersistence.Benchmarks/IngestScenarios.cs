using GatewayPersistence.Sql;
using Microsoft.EntityFrameworkCore.Infrastructure;
using System.Diagnostics;
using System.Text;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Entities;
using GatewayPersistence.RequestLog;
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
    }

    public async Task TruncateAsync()
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("TRUNCATE TABLE api_requests; TRUNCATE TABLE api_request_hourly_rollups", connection);
        await command.ExecuteNonQueryAsync();
    }

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

    /// <summary>Raw MySqlBulkCopy in batches of 200 from ready values (no truncation, no idempotency, no rollup).</summary>
    public Task<IngestRun> BulkCopyAsync() => IngestRun.MeasureAsync(async () =>
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var batch in preparedRows.Chunk(200))
        {
            var bulkCopy = new MySqlBulkCopy(connection) { DestinationTableName = table.TableName };
            for (var index = 0; index < table.Columns.Count; index++)
            {
                bulkCopy.ColumnMappings.Add(new MySqlBulkCopyColumnMapping(index, table.Columns[index].Name));
            }

            using var reader = new PreparedRowDataReader(table, batch);
            await bulkCopy.WriteToServerAsync(reader);
        }
    });

    /// <summary>The server's ceiling: the mariadb client loading TSV files of 500 rows (files written before timing).</summary>
    public async Task<IngestRun> ServerLoadDataAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"gw-bench-tsv-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var columns = string.Join(", ", table.Columns.Select(column => $"`{column.Name}`"));
            var script = new StringBuilder();
            var fileIndex = 0;
            foreach (var batch in preparedRows.Chunk(500))
            {
                var path = Path.Combine(directory, $"{fileIndex++:D5}.tsv");
                var text = new StringBuilder();
                foreach (var row in batch)
                {
                    for (var index = 0; index < row.Values.Length; index++)
                    {
                        if (index > 0)
                        {
                            text.Append('\t');
                        }

                        IngestData.AppendTsv(text, row.Values[index]);
                    }

                    text.Append('\n');
                }

                await File.WriteAllTextAsync(path, text.ToString());
                script.Append($"LOAD DATA LOCAL INFILE '{path}' INTO TABLE {table.TableName} CHARACTER SET utf8mb4 ({columns});\n");
            }

            var scriptPath = Path.Combine(directory, "load.sql");
            await File.WriteAllTextAsync(scriptPath, script.ToString());
            var settings = new MySqlConnectionStringBuilder(connectionString);
            var info = new ProcessStartInfo("mariadb") { RedirectStandardInput = true, RedirectStandardError = true };
            foreach (var argument in new[]
                     {
                         "--no-defaults", "--local-infile=1", "-h", settings.Server, "-P", settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                         "-u", settings.UserID, "--default-character-set=utf8mb4", settings.Database,
                     })
            {
                info.ArgumentList.Add(argument);
            }

            info.Environment["MYSQL_PWD"] = settings.Password; // not on the command line, where ps would show it
            return await IngestRun.MeasureAsync(async () =>
            {
                using var client = Process.Start(info) ?? throw new InvalidOperationException("could not start the mariadb client");
                await client.StandardInput.WriteAsync(await File.ReadAllTextAsync(scriptPath));
                client.StandardInput.Close();
                var errors = await client.StandardError.ReadToEndAsync();
                await client.WaitForExitAsync();
                if (client.ExitCode != 0)
                {
                    throw new InvalidOperationException($"mariadb client failed: {errors}");
                }
            }, measureCpu: false);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The pipeline with default settings: first Enqueue to last row committed (FlushAsync returned).</summary>
    public Task<IngestRun> PipelineAsync() => PipelineAsync(configure: null);

    /// <summary>The pipeline with <see cref="RequestLogOptions.MaxConcurrentBatches"/> = 1: what overlapping batches adds.</summary>
    public Task<IngestRun> SerialPipelineAsync() => PipelineAsync(options => options.MaxConcurrentBatches = 1);

    private async Task<IngestRun> PipelineAsync(Action<RequestLogOptions>? configure)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"gw-bench-pipeline-{Guid.NewGuid():N}");
        var services = new ServiceCollection();
        // A host always provides logging (the services take ILogger<T>); no provider is added, so nothing is printed.
        services.AddLogging();
        services.AddSingleton(pipelineDataSource);
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

        var run = await IngestRun.MeasureAsync(async () =>
        {
            foreach (var record in records)
            {
                log.Enqueue(record);
            }

            await log.FlushAsync(CancellationToken.None);
        });
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

    public void Dispose() => pipelineDataSource.Dispose();
}
