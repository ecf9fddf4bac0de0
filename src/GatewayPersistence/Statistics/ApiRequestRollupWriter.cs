using System.Text;
using MySqlConnector;

namespace GatewayPersistence.Statistics;

/// <summary>
/// Upserts the hourly aggregates of freshly inserted rows, computed in SQL from the stored rows (so truncation and
/// foreign-key nulling already applied), in primary-key order so concurrent writers lock rollup rows in the same order.
/// </summary>
internal sealed class ApiRequestRollupWriter : IApiRequestRollupWriter
{
    /// <summary>Milliseconds in an hour: rollup rows start at a multiple of it (UTC).</summary>
    public const long HourMilliseconds = 3_600_000;

    // Column names are the model's own (see ApiRequestEntityTypeConfiguration / ApiRequestHourlyRollupEntityTypeConfiguration).
    internal const string AggregateColumns =
        "request_count, success_count, error_count, prompt_tokens, completion_tokens, total_tokens, cached_tokens, " +
        "uncached_prompt_tokens, uncached_completion_tokens, uncached_total_tokens, cache_hit_count, prompt_cache_hit_count, " +
        "response_time_sum, response_time_count";

    internal const string AggregateSelect = """
        COUNT(*),
        SUM(r.status = 'success'),
        SUM(r.status = 'error'),
        COALESCE(SUM(r.prompt_tokens), 0),
        COALESCE(SUM(r.completion_tokens), 0),
        COALESCE(SUM(r.total_tokens), 0),
        COALESCE(SUM(r.cached_tokens), 0),
        COALESCE(SUM(CASE WHEN r.cache_hit = 1 THEN 0 ELSE r.prompt_tokens END), 0),
        COALESCE(SUM(CASE WHEN r.cache_hit = 1 THEN 0 ELSE r.completion_tokens END), 0),
        COALESCE(SUM(CASE WHEN r.cache_hit = 1 THEN 0 ELSE r.total_tokens END), 0),
        COALESCE(SUM(r.cache_hit = 1), 0),
        COALESCE(SUM(r.cached_tokens > 0), 0),
        COALESCE(SUM(r.response_time), 0),
        COUNT(r.response_time)
        """;

    internal const string UpsertTail = """
        ON DUPLICATE KEY UPDATE
          request_count = request_count + VALUES(request_count),
          success_count = success_count + VALUES(success_count),
          error_count = error_count + VALUES(error_count),
          prompt_tokens = prompt_tokens + VALUES(prompt_tokens),
          completion_tokens = completion_tokens + VALUES(completion_tokens),
          total_tokens = total_tokens + VALUES(total_tokens),
          cached_tokens = cached_tokens + VALUES(cached_tokens),
          uncached_prompt_tokens = uncached_prompt_tokens + VALUES(uncached_prompt_tokens),
          uncached_completion_tokens = uncached_completion_tokens + VALUES(uncached_completion_tokens),
          uncached_total_tokens = uncached_total_tokens + VALUES(uncached_total_tokens),
          cache_hit_count = cache_hit_count + VALUES(cache_hit_count),
          prompt_cache_hit_count = prompt_cache_hit_count + VALUES(prompt_cache_hit_count),
          response_time_sum = response_time_sum + VALUES(response_time_sum),
          response_time_count = response_time_count + VALUES(response_time_count)
        """;

    /// <inheritdoc />
    public async Task AddInsertedAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyCollection<string> insertedIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(insertedIds);
        if (insertedIds.Count == 0)
        {
            return;
        }

        await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
        var idList = new StringBuilder();
        var index = 0;
        foreach (var id in insertedIds)
        {
            idList.Append(index == 0 ? "@id0" : $", @id{index}");
            command.Parameters.AddWithValue($"@id{index}", id);
            index++;
        }

        command.CommandText = $"""
            INSERT INTO api_request_hourly_rollups (hour_start, virtual_key_id, provider_id, model, {AggregateColumns})
            SELECT r.created_at - MOD(r.created_at, {HourMilliseconds}) AS hour_start,
                   COALESCE(r.virtual_key_id, ''), COALESCE(r.provider_id, ''), COALESCE(r.model, ''),
                   {AggregateSelect}
            FROM api_requests r
            WHERE r.id IN ({idList})
            GROUP BY 1, 2, 3, 4
            ORDER BY 1, 2, 3, 4
            {UpsertTail}
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
