using System.Text;
using GatewayPersistence.RequestLog;
using GatewayPersistence.Text;

namespace GatewayPersistence.Tests.RequestLog;

public class PipelineDataTests
{
    [Test]
    public async Task A_deleted_virtual_key_is_written_as_null_and_its_rows_kept()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await TestRecords.SeedKeyAsync(database, "prov-1", "vk-live");
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString);

        pipeline.Log.Enqueue(TestRecords.Create("with-live-key", 1, "vk-live", "prov-1"));
        pipeline.Log.Enqueue(TestRecords.Create("with-deleted-key", 2, "vk-deleted", "prov-deleted"));
        await pipeline.Log.FlushAsync(CancellationToken.None);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(2));
        Assert.That(await database.ScalarAsync<string>("SELECT virtual_key_id FROM api_requests WHERE id = 'with-live-key'"), Is.EqualTo("vk-live"));
        Assert.That(await database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM api_requests WHERE id = 'with-deleted-key' AND virtual_key_id IS NULL AND provider_id IS NULL"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_poison_row_is_dead_lettered_and_its_neighbours_written()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        // The server refuses one row for what it holds (as a data error would): the batch is split around it.
        await database.ExecuteAsync("""
            CREATE TRIGGER refuse_poison BEFORE INSERT ON api_requests FOR EACH ROW
            BEGIN
              IF NEW.model = 'poison' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'poison row'; END IF;
            END
            """);
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options => options.WriteMode = RequestLogWriteMode.Insert);
        var records = TestRecords.Many("n", 300);
        records[137] = records[137] with { Model = "poison" };
        records.Add(TestRecords.Create(new string('x', 256), 999));

        foreach (var record in records)
        {
            pipeline.Log.Enqueue(record);
        }

        await pipeline.Log.FlushAsync(CancellationToken.None);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(299));
        Assert.That(await database.ScalarAsync<long>($"SELECT COUNT(*) FROM api_requests WHERE id = '{records[137].Id}'"), Is.Zero);
        var deadLetters = pipeline.DeadLetterLines();
        Assert.That(deadLetters, Has.Length.EqualTo(2));
        Assert.That(deadLetters.Count(line => line.Contains(records[137].Id, StringComparison.Ordinal) && line.Contains("poison row", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(deadLetters.Count(line => line.Contains("idempotency key", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(pipeline.State.GetSnapshot().DeadLettered, Is.EqualTo(2));
    }

    [Test]
    public async Task A_row_load_data_skips_is_dead_lettered_with_the_warning_the_server_gave()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        // LOAD DATA LOCAL turns the violation into a warning and skips the row: only the warning says why.
        await database.ExecuteAsync("ALTER TABLE api_requests ADD CONSTRAINT no_poison CHECK (model <> 'poison')");
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options => options.WriteMode = RequestLogWriteMode.Auto);
        var records = TestRecords.Many("w", 40);
        records[17] = records[17] with { Model = "poison" };

        foreach (var record in records)
        {
            pipeline.Log.Enqueue(record);
        }

        await pipeline.Log.FlushAsync(CancellationToken.None);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(39));
        var deadLetters = pipeline.DeadLetterLines();
        Assert.That(deadLetters, Has.Length.EqualTo(1));
        Assert.That(deadLetters[0], Does.Contain(records[17].Id));
        Assert.That(deadLetters[0], Does.Contain("4025").And.Contain("no_poison"), "the server's warning names the constraint");
    }

    [Test]
    public async Task Strings_are_cut_to_their_columns_and_invalid_json_is_stored_as_null()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString);
        var record = TestRecords.Create("long", 1) with
        {
            UserAgent = string.Concat(Enumerable.Repeat("😀", 600)),
            Ip = new string('9', 60),
            Model = new string('m', 300),
            ErrorMessage = new string('é', 4_000),
            RequestParamsJson = "{not json",
            ResponseMetaJson = """{"ok":true}""",
        };

        pipeline.Log.Enqueue(record);
        await pipeline.Log.FlushAsync(CancellationToken.None);

        Assert.That(await database.ScalarAsync<long>("SELECT CHAR_LENGTH(user_agent) FROM api_requests"), Is.EqualTo(500));
        Assert.That(await database.ScalarAsync<long>("SELECT CHAR_LENGTH(ip) FROM api_requests"), Is.EqualTo(45));
        Assert.That(await database.ScalarAsync<long>("SELECT CHAR_LENGTH(model) FROM api_requests"), Is.EqualTo(255));
        Assert.That(await database.ScalarAsync<long>("SELECT LENGTH(error_message) FROM api_requests"), Is.LessThanOrEqualTo(5_000));
        Assert.That(await database.ScalarAsync<string>("SELECT error_message FROM api_requests"), Does.EndWith(Utf8Text.TruncationMarker));
        Assert.That(await database.ScalarAsync<long>("SELECT request_params_json IS NULL FROM api_requests"), Is.EqualTo(1));
        Assert.That(await database.ScalarAsync<long>("SELECT response_meta_json IS NOT NULL FROM api_requests"), Is.EqualTo(1));
        Assert.That(pipeline.State.GetSnapshot().InvalidJsonNulled, Is.EqualTo(1));
    }

    [Test]
    public async Task A_16_MB_body_cut_inside_an_emoji_stays_valid_utf8_within_the_limit()
    {
        const int limit = 9_000_000;
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options =>
        {
            options.BodyByteLimit = limit;
            options.MaxBatchBytes = int.MaxValue;
        });
        // The cut point (limit less the 14-byte marker) falls on the third byte of the 4-byte emoji.
        var cut = limit - Utf8Text.TruncationMarker.Length;
        var body = new StringBuilder(16 * 1024 * 1024).Append('a', cut - 2).Append("😀").Append('b', 16 * 1024 * 1024 - cut - 2).ToString();

        pipeline.Log.Enqueue(TestRecords.Create("emoji", 1) with { ResponseBody = body });
        await pipeline.Log.FlushAsync(CancellationToken.None);

        var stored = await database.ScalarAsync<string>("SELECT response_body FROM api_requests WHERE id = 'emoji'");
        Assert.That(Encoding.UTF8.GetByteCount(stored), Is.LessThanOrEqualTo(limit));
        Assert.That(stored, Is.EqualTo(new string('a', cut - 2) + Utf8Text.TruncationMarker));
        Assert.That(stored, Does.Not.Contain("\uFFFD"));
    }

    [Test]
    public async Task A_20_MB_body_limit_keeps_every_statement_under_max_allowed_packet()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options =>
        {
            options.BodyByteLimit = 20 * 1024 * 1024;
            options.MaxBatchBytes = int.MaxValue;
            options.WriteMode = RequestLogWriteMode.Insert;
        });
        var body = new string('q', 20 * 1024 * 1024);

        for (var index = 0; index < 4; index++)
        {
            pipeline.Log.Enqueue(TestRecords.Create($"big-{index}", index) with { RequestBody = body, ResponseBody = body, ErrorMessage = body });
        }

        await pipeline.Log.FlushAsync(CancellationToken.None);

        var maxAllowedPacket = await database.ScalarAsync<long>("SELECT @@max_allowed_packet");
        var table = pipeline.Layout!;
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(4));
        Assert.That(table.BatchByteCap, Is.LessThan(maxAllowedPacket));
        Assert.That(await database.ScalarAsync<long>("SELECT MAX(LENGTH(request_body)) FROM api_requests"), Is.LessThanOrEqualTo(table.BodyByteLimit));
        Assert.That(await database.ScalarAsync<long>("SELECT MAX(LENGTH(error_message)) FROM api_requests"), Is.LessThanOrEqualTo(65_535));
        Assert.That(pipeline.State.GetSnapshot().DeadLettered, Is.Zero);
    }

    [Test]
    public async Task The_insert_fallback_takes_over_when_the_server_refuses_load_data_local()
    {
        // SET GLOBAL changes the whole server: only on the fixture's own throwaway server, never on a shared
        // GATEWAY_TEST_MYSQL one, where it would break every other client for the test's duration.
        if (TestDatabaseServer.LocalServer is null)
        {
            Assert.Ignore("Needs the fixture's own server: it flips SET GLOBAL local_infile.");
        }

        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var admin = new MySqlConnection(TestDatabaseServer.AdminConnectionString);
        await admin.OpenAsync();
        await using (var disable = new MySqlCommand("SET GLOBAL local_infile = 0", admin))
        {
            await disable.ExecuteNonQueryAsync();
        }

        try
        {
            await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString);
            foreach (var record in TestRecords.Many("fallback", 1_000))
            {
                pipeline.Log.Enqueue(record);
            }

            await pipeline.Log.FlushAsync(CancellationToken.None);

            Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(1_000));
            Assert.That(pipeline.State.GetSnapshot().UsingInsertFallback, Is.True);
            Assert.That(pipeline.State.GetSnapshot().DeadLettered, Is.Zero);
        }
        finally
        {
            await using var enable = new MySqlCommand("SET GLOBAL local_infile = 1", admin);
            await enable.ExecuteNonQueryAsync();
        }
    }

    [Test]
    public async Task A_plain_total_tokens_column_of_an_adopted_database_is_filled()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await database.ExecuteAsync("ALTER TABLE api_requests DROP COLUMN total_tokens; ALTER TABLE api_requests ADD COLUMN total_tokens INT NULL AFTER completion_tokens");
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString);

        pipeline.Log.Enqueue(TestRecords.Create("plain", 1) with { PromptTokens = 30, CompletionTokens = 12 });
        await pipeline.Log.FlushAsync(CancellationToken.None);

        Assert.That(await database.ScalarAsync<long>("SELECT total_tokens FROM api_requests WHERE id = 'plain'"), Is.EqualTo(42));
        Assert.That(pipeline.Layout!.WritesTotalTokens, Is.True);
    }
}
