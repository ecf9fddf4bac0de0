using System.Diagnostics;
using System.Globalization;
using System.Text;
using GatewayPersistence.RequestLog;
using MySqlConnector;

namespace GatewayPersistence.Benchmarks;

/// <summary>
/// The server's own ceiling: the prepared rows exported once (before any timing) to TSV files of
/// <see cref="RowsPerFile"/> rows, then loaded by 1..N <c>mariadb</c> client processes at once, the files dealt out
/// round-robin, each client one <c>LOAD DATA LOCAL INFILE</c> (autocommit) per file, into <c>api_requests</c> itself (its
/// indexes and foreign keys, as the pipeline writes it).
/// </summary>
internal sealed class LoadDataFiles : IDisposable
{
    public const int RowsPerFile = 500;

    private readonly string directory = Path.Combine(Path.GetTempPath(), $"gw-bench-tsv-{Guid.NewGuid():N}");
    private readonly List<string> statements = [];
    private readonly ProcessStartInfo client;

    public LoadDataFiles(string connectionString, ApiRequestColumnLayout table, IReadOnlyList<PreparedApiRequestRow> rows)
    {
        Directory.CreateDirectory(directory);
        var columns = string.Join(", ", table.Columns.Select(column => $"`{column.Name}`"));
        var fileIndex = 0;
        foreach (var batch in rows.Chunk(RowsPerFile))
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

            File.WriteAllText(path, text.ToString());
            statements.Add($"LOAD DATA LOCAL INFILE '{path}' INTO TABLE {table.TableName} CHARACTER SET utf8mb4 ({columns});\n");
        }

        var settings = new MySqlConnectionStringBuilder(connectionString);
        client = new ProcessStartInfo("mariadb") { RedirectStandardInput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     "--no-defaults", "--local-infile=1", "-h", settings.Server, "-P", settings.Port.ToString(CultureInfo.InvariantCulture),
                     "-u", settings.UserID, "--default-character-set=utf8mb4", settings.Database,
                 })
        {
            client.ArgumentList.Add(argument);
        }

        client.Environment["MYSQL_PWD"] = settings.Password; // not on the command line, where ps would show it
    }

    /// <summary>Loads every file with <paramref name="clients"/> concurrent clients (their CPU time counted as children's).</summary>
    public Task<IngestRun> LoadAsync(int clients)
    {
        var scripts = Enumerable.Range(0, clients)
            .Select(client => string.Concat(statements.Where((_, index) => index % clients == client)))
            .ToList();
        return IngestRun.MeasureAsync(() => Task.WhenAll(scripts.Select(RunClientAsync)));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private async Task RunClientAsync(string script)
    {
        using var process = Process.Start(client) ?? throw new InvalidOperationException("could not start the mariadb client");
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(script);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mariadb client failed: {await errors}");
        }
    }
}
