using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using GatewayPersistence.Repositories;
using GatewayPersistence.Tests.Statistics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using static GatewayPersistence.Tests.Statistics.StatisticsTestSupport;

namespace GatewayPersistence.Tests.Repositories;

/// <summary>
/// The request list at any size: cursor pages (every row once, while rows are written), the exact total from the
/// rollups (equal to COUNT(*) of the visible rows over random windows and filters), and the indexes each filter pages on.
/// </summary>
public partial class ApiRequestListingTests
{
    private const long Hour = 3_600_000;
    private static readonly long Base = DateTimeOffset.Parse("2026-05-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
    private static readonly long Span = 3 * 24 * Hour;
    private static readonly string[] Keys = ["k0", "k1", "k2", "k-hidden", "k-deleted"];
    private static readonly string?[] Providers = [null, "p0", "p1", "p-deleted"];
    private static readonly string?[] Models = [null, "gpt-4o", "claude", "llama"];
    private static readonly string?[] Statuses = ["success", "success", "success", "error", "timeout", null, "SUCCESS"];

    [TestCase(15)]
    [TestCase(20261201)]
    public async Task The_total_equals_COUNT_of_the_visible_rows_over_random_windows_and_filters(int seed)
    {
        TestContext.Out.WriteLine($"seed: {seed}");
        var random = new Random(seed);
        await using var database = await TestDatabase.CreateMigratedAsync();
        await SeedAsync(database);
        await using (var connection = await database.OpenConnectionAsync())
        {
            for (var batch = 0; batch < 20; batch++)
            {
                await InsertBatchAsync(connection, Enumerable.Range(0, 60).Select(i => RandomRow(random, $"r{batch:D2}-{i:D3}")).ToList());
            }
        }

        await database.ExecuteAsync("DELETE FROM virtual_keys WHERE id = 'k-deleted'; DELETE FROM providers WHERE id = 'p-deleted'");
        // "Now" inside the data: windows ending around it read the current hour as rollup minus the rows still to come.
        var repository = Repository(database, DateTimeOffset.FromUnixTimeMilliseconds(Base + (Span / 2) + 1_234_567));
        for (var i = 0; i < 80; i++)
        {
            var query = RandomQuery(random);
            var page = await repository.GetAllAsync(query);
            var expected = await CountAsync(database, query);
            Assert.That(page.Total, Is.EqualTo(expected), $"case {i}: {query}");
            Assert.That(page.Items, Has.Count.EqualTo(Math.Min(expected, query.Limit)), $"case {i}: {query}");
        }
    }

    [Test]
    public async Task Cursor_pages_cover_every_visible_row_exactly_once_while_rows_are_inserted_with_every_filter()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await SeedAsync(database);
        var random = new Random(42);
        await using (var connection = await database.OpenConnectionAsync())
        {
            for (var batch = 0; batch < 10; batch++)
            {
                // Many rows share a millisecond, so the id decides the order inside it.
                await InsertBatchAsync(connection, Enumerable.Range(0, 80)
                    .Select(i => RandomRow(random, $"s{batch:D2}-{i:D3}") with { CreatedAt = Base + (random.Next(200) * 60_000) }).ToList());
            }
        }

        var repository = Repository(database, DateTimeOffset.FromUnixTimeMilliseconds(Base + Span));
        var queries = new[]
        {
            new ApiRequestQuery(),
            new ApiRequestQuery { VirtualKeyId = "k1" },
            new ApiRequestQuery { ProviderId = "p0" },
            new ApiRequestQuery { Model = "claude" },
            new ApiRequestQuery { Status = "error" },
            new ApiRequestQuery { Since = DateTimeOffset.FromUnixTimeMilliseconds(Base + (30 * 60_000)), Until = DateTimeOffset.FromUnixTimeMilliseconds(Base + (150 * 60_000)) },
            new ApiRequestQuery { VirtualKeyId = "k2", Status = "success", Model = "gpt-4o", ProviderId = "p1" },
        };
        var inserted = 0;
        foreach (var filters in queries)
        {
            var before = await MatchingIdsAsync(database, filters);
            using var stop = new CancellationTokenSource();
            // Rows keep arriving while the pages are read: older, newer and inside the pages' range.
            var writer = Task.Run(async () =>
            {
                var writes = new Random(7);
                await using var connection = await database.OpenConnectionAsync();
                while (!stop.IsCancellationRequested)
                {
                    var at = Base + (writes.Next(-20, 260) * 60_000);
                    await InsertBatchAsync(connection, [RandomRow(writes, $"w{Interlocked.Increment(ref inserted):D6}") with { CreatedAt = at }]);
                }
            });

            var seen = new List<string>();
            var times = new List<DateTimeOffset>();
            string? cursor = null;
            do
            {
                var page = await repository.GetAllAsync(filters with { Limit = 17, Cursor = cursor, IncludeTotal = cursor is null });
                seen.AddRange(page.Items.Select(r => r.Id));
                times.AddRange(page.Items.Select(r => r.CreatedAt));
                cursor = page.NextCursor;
            }
            while (cursor is not null);

            await stop.CancelAsync();
            await writer;
            var after = await MatchingIdsAsync(database, filters);
            Assert.That(seen, Is.Unique, $"no row twice: {filters}");
            Assert.That(before.Except(seen), Is.Empty, $"no row skipped: {filters}");
            Assert.That(seen.Except(after), Is.Empty, $"only matching visible rows: {filters}");
            Assert.That(times, Is.Ordered.Descending, $"newest first: {filters}");
            Assert.That(before, Is.Not.Empty, $"the filter matches rows: {filters}");
        }

        Assert.That(inserted, Is.GreaterThan(0), "rows were written while paging");
    }

    [Test]
    public async Task Offset_and_cursor_pages_agree_and_cursor_misuse_is_refused()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await SeedAsync(database);
        var random = new Random(3);
        await InsertBatchAsync(database, Enumerable.Range(0, 95).Select(i => RandomRow(random, $"o{i:D3}")).ToList());
        var repository = Repository(database, DateTimeOffset.FromUnixTimeMilliseconds(Base + Span));

        var byOffset = new List<string>();
        for (var offset = 0; ; offset += 10)
        {
            var page = await repository.GetAllAsync(new ApiRequestQuery { Limit = 10, Offset = offset });
            Assert.That(page.Page, Is.EqualTo((offset / 10) + 1));
            byOffset.AddRange(page.Items.Select(r => r.Id));
            if (page.NextCursor is null)
            {
                break;
            }
        }

        var byCursor = new List<string>();
        var first = await repository.GetAllAsync(new ApiRequestQuery { Limit = 10 });
        byCursor.AddRange(first.Items.Select(r => r.Id));
        for (var cursor = first.NextCursor; cursor is not null;)
        {
            var page = await repository.GetAllAsync(new ApiRequestQuery { Limit = 10, Cursor = cursor });
            Assert.That((page.Page, page.Total), Is.EqualTo((0, first.Total)));
            byCursor.AddRange(page.Items.Select(r => r.Id));
            cursor = page.NextCursor;
        }

        Assert.That(byCursor, Is.EqualTo(byOffset));
        Assert.That(byCursor, Has.Count.EqualTo(first.Total));
        Assert.ThrowsAsync<ArgumentException>(() => repository.GetAllAsync(new ApiRequestQuery { Cursor = first.NextCursor, Offset = 10 }));
        Assert.ThrowsAsync<ArgumentException>(() => repository.GetAllAsync(new ApiRequestQuery { Cursor = "garbage" }));
        Assert.ThrowsAsync<ArgumentException>(() => repository.GetAllAsync(new ApiRequestQuery { Model = "" }));
        Assert.That((await repository.GetAllAsync(new ApiRequestQuery { IncludeTotal = false })).Total, Is.EqualTo(-1));
    }

    [TestCase(null, "idx_api_requests_created_at")]
    [TestCase("key", "idx_api_requests_vk_created_at")]
    [TestCase("provider", "idx_api_requests_provider_created_at")]
    [TestCase("model", "idx_api_requests_model_created_at")]
    [TestCase("status", "idx_api_requests_status_created_at")]
    [TestCase("key+status", "idx_api_requests_vk_created_at")]
    public async Task A_cursor_page_reads_one_index_range_in_page_order(string? filter, string index)
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await SeedAsync(database);
        // 40 keys, 20 providers, 30 models: each of these values is selective, as in production. A third are errors: a
        // status is a common value, where the optimizer, left to itself, reads it as a ref on the status alone (from the
        // newest error row down to the cursor) rather than as a range that also bounds created_at.
        await database.ExecuteAsync(
            "INSERT INTO api_requests (id, virtual_key_id, provider_id, model, status, created_at) "
            + $"SELECT CONCAT('e', numbers.n), IF(numbers.n % 40 < 3, CONCAT('k', numbers.n % 40), NULL), IF(numbers.n % 20 < 2, CONCAT('p', numbers.n % 20), NULL), "
            + $"CONCAT('model-', numbers.n % 30), IF(numbers.n % 3 = 0, 'error', 'success'), {Base} + numbers.n * 1000 FROM {BulkRows.Numbers(20_000)}");
        await database.ExecuteAsync("ANALYZE TABLE api_requests, virtual_keys");
        // The query, and the column and value of the filter whose index the page reads.
        var (query, column, value) = filter switch
        {
            "key" => (new ApiRequestQuery { VirtualKeyId = "k1" }, "virtual_key_id", "k1"),
            "provider" => (new ApiRequestQuery { ProviderId = "p1" }, "provider_id", "p1"),
            "model" => (new ApiRequestQuery { Model = "model-7" }, "model", "model-7"),
            "status" => (new ApiRequestQuery { Status = "error" }, "status", "error"),
            "key+status" => (new ApiRequestQuery { VirtualKeyId = "k1", Status = "error" }, "virtual_key_id", "k1"),
            _ => (new ApiRequestQuery(), null, null),
        };
        // 1% deep, like a page 100,000 rows into 10M: the range below the cursor holds nearly every matching row, which
        // is where the optimizer, left to itself, prefers a ref on the filter column and reads from the newest row down.
        var cursor = new ApiRequestCursor(Base + (19_800 * 1000L), "e19800");

        await using var context = database.CreateContext();
        var sql = ApiRequestRepository.PageQuery(context, query with { Since = DateTimeOffset.FromUnixTimeMilliseconds(Base) }, floor: Base - Hour, cursor)
            .Take(51).ToQueryString();
        var (type, key, keyLength, extra) = await ExplainAsync(database, sql);
        // The key length of an equality on the filter column alone (none without a filter): a range that also bounds
        // created_at is longer, a ref on the first key part (which reads from the newest row down to the cursor) is not.
        var filterKeyLength = column is null ? 0 : await FilterKeyLengthAsync(database, index, column, value!);
        TestContext.Out.WriteLine($"{type} {key} key_len {keyLength} (filter alone {filterKeyLength}), {extra}\n{sql}");

        Assert.That(key, Is.EqualTo(index), sql);
        Assert.That(type, Is.EqualTo("range"), $"key_len {keyLength}: {sql}");
        Assert.That(int.Parse(keyLength, CultureInfo.InvariantCulture), Is.GreaterThan(filterKeyLength), $"the range covers created_at: {sql}");
        Assert.That(extra, Does.Not.Contain("filesort"), "rows come in page order: the server stops after the page");
    }

    private static ApiRequestRepository Repository(TestDatabase database, DateTimeOffset now)
        => new(new PooledDbContextFactory<GatewayDbContext>(database.ContextOptions), new Statistics.FixedTimeProvider(now), NullLogger<ApiRequestRepository>.Instance);

    private static async Task SeedAsync(TestDatabase database)
    {
        foreach (var provider in new[] { "p0", "p1", "p-deleted" })
        {
            await AddProviderAsync(database, provider, "provider " + provider);
        }

        foreach (var key in Keys)
        {
            await AddVirtualKeyAsync(database, key, "key " + key, disableLogging: key == "k-hidden");
        }
    }

    private static RequestRow RandomRow(Random random, string id)
        => new(id, random.Next(5) == 0 ? null : Keys[random.Next(Keys.Length)], Providers[random.Next(Providers.Length)], Models[random.Next(Models.Length)],
            random.Next(0, 4000), random.Next(0, 2000), 0, Statuses[random.Next(Statuses.Length)], random.Next(1, 20_000), false,
            Base + (long)(random.NextDouble() * Span));

    private static ApiRequestQuery RandomQuery(Random random)
    {
        string? Pick(string?[] values) => random.Next(3) == 0 ? values[random.Next(values.Length)] : null;
        DateTimeOffset? Time()
        {
            if (random.Next(4) == 0)
            {
                return null;
            }

            // Whole hours, hours and a bit, and anywhere.
            var at = Base - Hour + (long)(random.NextDouble() * (Span + (2 * Hour)));
            return DateTimeOffset.FromUnixTimeMilliseconds(random.Next(3) switch { 0 => at - (at % Hour), 1 => at - (at % Hour) + random.Next(1, 5), _ => at });
        }

        var (since, until) = (Time(), Time());
        if (since > until)
        {
            (since, until) = (until, since);
        }

        return new ApiRequestQuery
        {
            VirtualKeyId = Pick([.. Keys, "k-unknown"]),
            ProviderId = Pick(Providers),
            Model = Pick(Models),
            Status = Pick(Statuses),
            Since = since,
            Until = until,
            Limit = 25,
        };
    }

    /// <summary>The visible rows a query matches, by a plain scan (NOT EXISTS: a missing key hides nothing).</summary>
    private static async Task<List<string>> MatchingIdsAsync(TestDatabase database, ApiRequestQuery query)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new MySqlCommand { Connection = connection };
        command.CommandText = "SELECT r.id FROM api_requests r " + Where(query, command);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static async Task<long> CountAsync(TestDatabase database, ApiRequestQuery query)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new MySqlCommand { Connection = connection };
        command.CommandText = "SELECT COUNT(*) FROM api_requests r " + Where(query, command);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static string Where(ApiRequestQuery query, MySqlCommand command)
    {
        var where = new List<string> { "NOT EXISTS (SELECT 1 FROM virtual_keys k WHERE k.id = r.virtual_key_id AND k.disable_logging = 1)" };
        void Add(string condition, string name, object? value)
        {
            if (value is not null)
            {
                where.Add(condition);
                command.Parameters.AddWithValue(name, value);
            }
        }

        Add("r.virtual_key_id = @key", "@key", query.VirtualKeyId);
        Add("r.provider_id = @provider", "@provider", query.ProviderId);
        Add("r.model = @model", "@model", query.Model);
        Add("r.status = @status", "@status", query.Status);
        Add("r.created_at >= @since", "@since", query.Since?.ToUnixTimeMilliseconds());
        Add("r.created_at <= @until", "@until", query.Until?.ToUnixTimeMilliseconds());
        return "WHERE " + string.Join(" AND ", where);
    }

    /// <summary>EXPLAIN of EF's query text with its <c>SET @p = value;</c> lines bound as parameters; the first table's access.</summary>
    private static async Task<(string? Type, string? Key, string KeyLength, string Extra)> ExplainAsync(TestDatabase database, string queryString)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new MySqlCommand { Connection = connection };
        var select = new List<string>();
        foreach (var line in queryString.Split('\n'))
        {
            var set = SetParameterLine().Match(line);
            if (!set.Success)
            {
                select.Add(line);
            }
            else if (set.Groups["text"].Success)
            {
                command.Parameters.AddWithValue(set.Groups["name"].Value, set.Groups["text"].Value);
            }
            else
            {
                command.Parameters.AddWithValue(set.Groups["name"].Value, long.Parse(set.Groups["number"].Value, CultureInfo.InvariantCulture));
            }
        }

        command.CommandText = "EXPLAIN " + string.Join('\n', select).Trim();
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        return (reader["type"] as string, reader["key"] as string, Convert.ToString(reader["key_len"], CultureInfo.InvariantCulture) ?? "", reader["Extra"] as string ?? "");
    }

    /// <summary>EXPLAIN's key_len of an equality on <paramref name="column"/> alone, read on <paramref name="index"/>.</summary>
    private static async Task<int> FilterKeyLengthAsync(TestDatabase database, string index, string column, string value)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new MySqlCommand($"EXPLAIN SELECT id FROM api_requests FORCE INDEX ({index}) WHERE {column} = @value", connection);
        command.Parameters.AddWithValue("@value", value);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        Assert.That((reader["type"] as string, reader["key"] as string), Is.EqualTo(("ref", index)), "an equality alone reads its index as a ref");
        return int.Parse(Convert.ToString(reader["key_len"], CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture);
    }


    [GeneratedRegex(@"^SET (?<name>@\w+) = (?:'(?<text>[^'\\]*)'|(?<number>-?\d+));\s*$")]
    private static partial Regex SetParameterLine();
}
