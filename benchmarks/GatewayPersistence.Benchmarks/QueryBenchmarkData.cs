using System.Data;
using System.Diagnostics;
using MySqlConnector;

namespace GatewayPersistence.Benchmarks;

/// <summary>
/// Generates the query benchmark's data set: keys, providers, and N request rows spread evenly over the 30 days before
/// <see cref="Now"/>, loaded with <see cref="MySqlBulkCopy"/> (LOAD DATA LOCAL INFILE) in chunks. Ids are random
/// 21-character strings like the gateway's nanoids, so a window's rows are scattered over the clustered index as in
/// production.
/// </summary>
internal static class QueryBenchmarkData
{
    /// <summary>The benchmark's "now": mid-hour, so 24-hour and 30-day windows have partial hours at both edges.</summary>
    public static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-20T12:34:56.789Z", System.Globalization.CultureInfo.InvariantCulture);

    public const int Keys = 50;
    public const int Providers = 8;
    private const int ChunkRows = 100_000;

    public static async Task SeedKeysAndProvidersAsync(MySqlConnection connection)
    {
        var created = Now.AddDays(-60).ToUnixTimeMilliseconds();
        for (var p = 0; p < Providers; p++)
        {
            await using var command = new MySqlCommand(
                "INSERT INTO providers (id, name, base_url, api_key, created_at, updated_at) VALUES (@id, @name, 'https://example.invalid', 'x', @t, @t)",
                connection);
            command.Parameters.AddWithValue("@id", $"provider-{p}");
            command.Parameters.AddWithValue("@name", $"Provider {p}");
            command.Parameters.AddWithValue("@t", created);
            await command.ExecuteNonQueryAsync();
        }

        for (var k = 0; k < Keys; k++)
        {
            await using var command = new MySqlCommand(
                "INSERT INTO virtual_keys (id, key_value, key_hash, name, provider_id, disable_logging, created_at, updated_at) " +
                "VALUES (@id, @value, @hash, @name, @provider, @hidden, @t, @t)", connection);
            command.Parameters.AddWithValue("@id", $"key-{k}");
            command.Parameters.AddWithValue("@value", $"vk_bench_{k}");
            command.Parameters.AddWithValue("@hash", $"hash_{k}");
            command.Parameters.AddWithValue("@name", $"Key {k}");
            command.Parameters.AddWithValue("@provider", $"provider-{k % Providers}");
            command.Parameters.AddWithValue("@hidden", k % 10 == 9 ? 1 : 0);
            command.Parameters.AddWithValue("@t", created);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Bulk-loads <paramref name="rows"/> request rows; returns the seconds it took.</summary>
    public static async Task<double> LoadRequestsAsync(MySqlConnection connection, int rows)
    {
        var stopwatch = Stopwatch.StartNew();
        var random = new Random(20261127);
        var start = Now.AddDays(-30).ToUnixTimeMilliseconds();
        var span = Now.ToUnixTimeMilliseconds() - start;
        string[] statuses = ["success", "error", "timeout"];
        for (var done = 0; done < rows;)
        {
            var table = NewTable();
            var count = Math.Min(ChunkRows, rows - done);
            for (var i = 0; i < count; i++)
            {
                var key = random.Next(10) == 0 ? -1 : random.Next(Keys);
                var provider = key < 0 ? random.Next(Providers) : key % Providers;
                var statusRoll = random.Next(100);
                var prompt = random.Next(20, 4000);
                table.Rows.Add(
                    IngestData.RandomId(random),
                    key < 0 ? DBNull.Value : $"key-{key}",
                    $"provider-{provider}",
                    $"model-{provider}-{random.Next(3)}",
                    prompt,
                    random.Next(1, 1500),
                    random.Next(5) == 0 ? random.Next(1, prompt) : 0,
                    statuses[statusRoll < 90 ? 0 : statusRoll < 98 ? 1 : 2],
                    random.Next(33) == 0 ? DBNull.Value : random.Next(200, 20_000),
                    random.Next(20) == 0 ? 1 : 0,
                    start + (long)(random.NextDouble() * span));
            }

            var bulkCopy = new MySqlBulkCopy(connection) { DestinationTableName = "api_requests", BulkCopyTimeout = 0 };
            for (var ordinal = 0; ordinal < table.Columns.Count; ordinal++)
            {
                bulkCopy.ColumnMappings.Add(new MySqlBulkCopyColumnMapping(ordinal, table.Columns[ordinal].ColumnName));
            }

            await bulkCopy.WriteToServerAsync(table);
            done += count;
            Console.Error.Write($"\r  loaded {done:N0} / {rows:N0} rows ({stopwatch.Elapsed.TotalSeconds:F0} s)");
        }

        Console.Error.WriteLine();
        return stopwatch.Elapsed.TotalSeconds;
    }

    private static DataTable NewTable()
    {
        var table = new DataTable();
        table.Columns.Add("id", typeof(string));
        table.Columns.Add("virtual_key_id", typeof(string));
        table.Columns.Add("provider_id", typeof(string));
        table.Columns.Add("model", typeof(string));
        table.Columns.Add("prompt_tokens", typeof(int));
        table.Columns.Add("completion_tokens", typeof(int));
        table.Columns.Add("cached_tokens", typeof(int));
        table.Columns.Add("status", typeof(string));
        table.Columns.Add("response_time", typeof(int));
        table.Columns.Add("cache_hit", typeof(int));
        table.Columns.Add("created_at", typeof(long));
        return table;
    }
}
