using System.Text;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Statistics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.Tests.Statistics;

/// <summary>A raw request row as a test writes it (total_tokens is the generated column).</summary>
internal sealed record RequestRow(
    string Id,
    string? VirtualKeyId,
    string? ProviderId,
    string? Model,
    int? PromptTokens,
    int? CompletionTokens,
    int? CachedTokens,
    string? Status,
    int? ResponseTime,
    bool CacheHit,
    long CreatedAt);

/// <summary>A clock that always says the same time.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Seeding and wiring shared by the statistics tests.</summary>
internal static class StatisticsTestSupport
{
    public static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeMilliseconds(0);

    /// <summary>Statistics over <paramref name="database"/>, reading the rollup or only raw rows.</summary>
    public static ApiRequestStatistics CreateStatistics(
        TestDatabase database, bool useRollup, string timeZone = "UTC", DateTimeOffset? now = null)
    {
        var options = new GatewayPersistenceOptions { Statistics = new StatisticsOptions { UseHourlyRollup = useRollup, TimeZone = timeZone } };
        var factory = new PooledDbContextFactory<GatewayDbContext>(database.ContextOptions);
        return new ApiRequestStatistics(GatewayReadContextFactory.PrimaryOnly(factory), new SqlModel(factory), Options.Create(options), new FixedTimeProvider(now ?? DateTimeOffset.UtcNow));
    }

    public static ApiRequestRollupBackfill Backfill(TestDatabase database, int chunkHours = 6)
    {
        var options = new GatewayPersistenceOptions { Statistics = new StatisticsOptions { BackfillChunkHours = chunkHours } };
        return ApiRequestRollupBackfill.Create(new PooledDbContextFactory<GatewayDbContext>(database.ContextOptions), options);
    }

    public static async Task AddProviderAsync(TestDatabase database, string id, string name)
    {
        await using var context = database.CreateContext();
        context.Providers.Add(new Provider { Id = id, Name = name, BaseUrl = "https://example.invalid", ApiKey = "secret", CreatedAt = Epoch, UpdatedAt = Epoch });
        await context.SaveChangesAsync();
    }

    public static async Task AddVirtualKeyAsync(TestDatabase database, string id, string name, bool disableLogging = false)
    {
        await using var context = database.CreateContext();
        context.VirtualKeys.Add(new VirtualKey
        {
            Id = id, Name = name, KeyValue = "vk_" + id, KeyHash = "hash_" + id, DisableLogging = disableLogging, CreatedAt = Epoch, UpdatedAt = Epoch,
        });
        await context.SaveChangesAsync();
    }

    /// <summary>
    /// Inserts <paramref name="rows"/> the way the request-log pipeline does: one transaction holding the multi-row insert
    /// and <see cref="IApiRequestRollupWriter.AddInsertedAsync"/> with the inserted rows.
    /// </summary>
    public static async Task InsertBatchAsync(MySqlConnection connection, IReadOnlyList<RequestRow> rows, CancellationToken cancellationToken = default)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = InsertCommand(connection, transaction, rows))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await ModelOnlySql.RollupWriter.AddInsertedAsync(connection, transaction, rows.Select(ToRollupRow).ToArray(), commandTimeoutSeconds: 30, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>What the rollup counts of a row inserted by <see cref="InsertCommand"/> (total_tokens is generated).</summary>
    public static ApiRequestRollupRow ToRollupRow(RequestRow row) => new(
        row.Id, row.CreatedAt, row.VirtualKeyId, row.ProviderId, row.Model, row.Status, row.PromptTokens, row.CompletionTokens,
        row.PromptTokens is { } prompt && row.CompletionTokens is { } completion ? (long)prompt + completion : null,
        row.CachedTokens, row.CacheHit, row.ResponseTime);

    /// <summary>Inserts rows without touching the rollup (rows "written before the rollup existed").</summary>
    public static async Task InsertWithoutRollupAsync(TestDatabase database, IReadOnlyList<RequestRow> rows)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var insert = InsertCommand(connection, null, rows);
        await insert.ExecuteNonQueryAsync();
    }

    public static async Task InsertBatchAsync(TestDatabase database, IReadOnlyList<RequestRow> rows)
    {
        await using var connection = await database.OpenConnectionAsync();
        await InsertBatchAsync(connection, rows);
    }

    /// <summary>
    /// Both rollup tables as sorted text lines, for exact comparisons: the hourly rollup's rows, then the key rollup's
    /// rows prefixed <c>key-hour|</c>.
    /// </summary>
    public static async Task<List<string>> RollupLinesAsync(TestDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync();
        return await RollupLinesAsync(connection);
    }

    /// <inheritdoc cref="RollupLinesAsync(TestDatabase)"/>
    public static async Task<List<string>> RollupLinesAsync(MySqlConnection connection)
    {
        var lines = await LinesAsync(connection, """
            SELECT CONCAT_WS('|', hour_start, virtual_key_id, provider_id, model, request_count, success_count, error_count,
              prompt_tokens, completion_tokens, total_tokens, cached_tokens, uncached_prompt_tokens, uncached_completion_tokens,
              uncached_total_tokens, cache_hit_count, prompt_cache_hit_count, response_time_sum, response_time_count)
            FROM api_request_hourly_rollups WHERE request_count > 0 ORDER BY 1
            """);
        lines.AddRange(await LinesAsync(connection, """
            SELECT CONCAT_WS('|', 'key-hour', hour_start, virtual_key_id, request_count, success_count, error_count, total_tokens)
            FROM api_request_key_hourly_rollups WHERE request_count > 0 ORDER BY 1
            """));
        return lines;
    }

    /// <summary>What the rollup tables must hold, computed from the raw rows by a plain GROUP BY (COALESCE: CONCAT_WS skips NULLs).</summary>
    public static async Task<List<string>> ExpectedRollupLinesAsync(TestDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync();
        return await ExpectedRollupLinesAsync(connection);
    }

    /// <inheritdoc cref="ExpectedRollupLinesAsync(TestDatabase)"/>
    public static async Task<List<string>> ExpectedRollupLinesAsync(MySqlConnection connection)
    {
        var lines = await LinesAsync(connection, """
            SELECT CONCAT_WS('|', created_at - MOD(created_at, 3600000), COALESCE(virtual_key_id, ''), COALESCE(provider_id, ''),
              COALESCE(model, ''), COUNT(*), COALESCE(SUM(status = 'success'), 0), COALESCE(SUM(status = 'error'), 0), COALESCE(SUM(prompt_tokens), 0),
              COALESCE(SUM(completion_tokens), 0), COALESCE(SUM(total_tokens), 0), COALESCE(SUM(cached_tokens), 0),
              COALESCE(SUM(IF(cache_hit = 1, 0, prompt_tokens)), 0), COALESCE(SUM(IF(cache_hit = 1, 0, completion_tokens)), 0),
              COALESCE(SUM(IF(cache_hit = 1, 0, total_tokens)), 0), COALESCE(SUM(cache_hit = 1), 0), COALESCE(SUM(cached_tokens > 0), 0),
              COALESCE(SUM(response_time), 0), COUNT(response_time))
            FROM api_requests GROUP BY created_at - MOD(created_at, 3600000), COALESCE(virtual_key_id, ''),
              COALESCE(provider_id, ''), COALESCE(model, '') ORDER BY 1
            """);
        lines.AddRange(await LinesAsync(connection, """
            SELECT CONCAT_WS('|', 'key-hour', created_at - MOD(created_at, 3600000), COALESCE(virtual_key_id, ''), COUNT(*),
              COALESCE(SUM(status = 'success'), 0), COALESCE(SUM(status = 'error'), 0), COALESCE(SUM(total_tokens), 0))
            FROM api_requests GROUP BY created_at - MOD(created_at, 3600000), COALESCE(virtual_key_id, '') ORDER BY 1
            """));
        return lines;
    }

    private static async Task<List<string>> LinesAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static MySqlCommand InsertCommand(MySqlConnection connection, MySqlTransaction? transaction, IReadOnlyList<RequestRow> rows)
    {
        var command = new MySqlCommand { Connection = connection, Transaction = transaction };
        var sql = new StringBuilder(
            "INSERT INTO api_requests (id, virtual_key_id, provider_id, model, prompt_tokens, completion_tokens, cached_tokens, " +
            "status, response_time, cache_hit, created_at) VALUES ");
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            sql.Append(i == 0 ? "" : ", ").Append($"(@i{i}, @k{i}, @p{i}, @m{i}, @pt{i}, @ct{i}, @cc{i}, @s{i}, @rt{i}, @h{i}, @t{i})");
            command.Parameters.AddWithValue($"@i{i}", row.Id);
            command.Parameters.AddWithValue($"@k{i}", row.VirtualKeyId);
            command.Parameters.AddWithValue($"@p{i}", row.ProviderId);
            command.Parameters.AddWithValue($"@m{i}", row.Model);
            command.Parameters.AddWithValue($"@pt{i}", row.PromptTokens);
            command.Parameters.AddWithValue($"@ct{i}", row.CompletionTokens);
            command.Parameters.AddWithValue($"@cc{i}", row.CachedTokens);
            command.Parameters.AddWithValue($"@s{i}", row.Status);
            command.Parameters.AddWithValue($"@rt{i}", row.ResponseTime);
            command.Parameters.AddWithValue($"@h{i}", row.CacheHit ? 1 : 0);
            command.Parameters.AddWithValue($"@t{i}", row.CreatedAt);
        }

        command.CommandText = sql.ToString();
        return command;
    }
}
