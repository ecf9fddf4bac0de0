using System.Text.Json;
using GatewayPersistence.RequestLog;

namespace GatewayPersistence.Tests.RequestLog;

/// <summary>
/// Server and deployment states (a Galera node without quorum, a full table, a missing database) are not row errors:
/// the rows are retried and journaled, never split nor dead-lettered, and come back when the state ends. A row is
/// dead-lettered only on evidence (it fails alone while its neighbours are written), with its error number and why.
/// </summary>
public class PipelineServerStateTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    [TestCase(1047, "WSREP has not yet prepared node for application use")]
    [TestCase(1114, "The table api_requests is full")]
    [TestCase(1021, "Disk full; waiting for someone to free some space")]
    public async Task A_server_state_on_every_write_is_journaled_not_dead_lettered_and_comes_back(int errorNumber, string message)
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await database.ExecuteAsync($"""
            CREATE TRIGGER server_state BEFORE INSERT ON api_requests FOR EACH ROW
              SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = {errorNumber}, MESSAGE_TEXT = '{message}'
            """);
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options =>
        {
            options.WriteMode = RequestLogWriteMode.Insert;
            options.MaxRetryAttempts = 1;
        });
        var records = TestRecords.Many("state", 250);
        foreach (var record in records)
        {
            pipeline.Log.Enqueue(record);
        }

        var during = await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(during.DeadLettered, Is.Zero);
        Assert.That(during.Written, Is.Zero);
        Assert.That(during.Spilled, Is.EqualTo(250));
        Assert.That(pipeline.DeadLetterLines(), Is.Empty);
        Assert.That(pipeline.State.GetSnapshot().IsSpilling, Is.True);

        await database.ExecuteAsync("DROP TRIGGER server_state");
        var after = await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(250));
        Assert.That(after.Replayed, Is.EqualTo(250));
        Assert.That(pipeline.JournalSegmentCount(), Is.Zero);
    }

    [Test]
    public async Task Insert_revoked_then_granted_again_the_journal_is_replayed_on_connections_that_have_the_grant()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var user = "gw_rt_" + database.Name[^10..];
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await database.ExecuteAsync($"""
            CREATE USER '{user}'@'%' IDENTIFIED BY '{password}';
            GRANT SELECT, INSERT, UPDATE, DELETE ON `{database.Name}`.* TO '{user}'@'%';
            """);
        try
        {
            var runtime = new MySqlConnectionStringBuilder(database.ConnectionString) { UserID = user, Password = password }.ConnectionString;
            await using var pipeline = await TestPipeline.StartAsync(runtime, options => options.MaxRetryAttempts = 1);
            pipeline.Log.Enqueue(TestRecords.Create("granted", 0));
            Assert.That((await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard)).Written, Is.EqualTo(1));

            // A database-level privilege is read when a connection starts: connections opened now lack INSERT for good.
            await database.ExecuteAsync($"REVOKE INSERT ON `{database.Name}`.* FROM '{user}'@'%'");
            await KillConnectionsOfAsync(database, user);
            var records = TestRecords.Many("revoked", 300);
            foreach (var record in records)
            {
                pipeline.Log.Enqueue(record);
            }

            var during = await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);
            Assert.That(during.Spilled, Is.EqualTo(300));
            Assert.That(during.DeadLettered, Is.Zero);

            await database.ExecuteAsync($"GRANT INSERT ON `{database.Name}`.* TO '{user}'@'%'");
            await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

            Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(301));
            Assert.That(pipeline.JournalSegmentCount(), Is.Zero);
        }
        finally
        {
            MySqlConnection.ClearAllPools();
            await database.ExecuteAsync($"DROP USER IF EXISTS '{user}'@'%'");
        }
    }

    private static async Task KillConnectionsOfAsync(TestDatabase database, string user)
    {
        await using var connection = await database.OpenConnectionAsync();
        var ids = new List<long>();
        await using (var list = new MySqlCommand("SELECT id FROM information_schema.PROCESSLIST WHERE user = @user", connection))
        {
            list.Parameters.AddWithValue("@user", user);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        foreach (var id in ids)
        {
            await using var kill = new MySqlCommand($"KILL {id}", connection);
            await kill.ExecuteNonQueryAsync();
        }
    }

    [Test]
    public async Task A_row_refused_alone_is_dead_lettered_with_its_error_number_and_why()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await database.ExecuteAsync("""
            CREATE TRIGGER refuse_long BEFORE INSERT ON api_requests FOR EACH ROW
            BEGIN
              IF NEW.model = 'too-long' THEN SIGNAL SQLSTATE '22001' SET MYSQL_ERRNO = 1406, MESSAGE_TEXT = 'Data too long for column model'; END IF;
            END
            """);
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options => options.WriteMode = RequestLogWriteMode.Insert);
        var records = TestRecords.Many("data", 100);
        records[42] = records[42] with { Model = "too-long" };
        foreach (var record in records)
        {
            pipeline.Log.Enqueue(record);
        }

        var result = await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(99));
        Assert.That(result.DeadLettered, Is.EqualTo(1));
        Assert.That(result.Written, Is.EqualTo(99));
        Assert.That(result.AllWritten, Is.False);
        var line = pipeline.DeadLetterLines().Single();
        using var entry = JsonDocument.Parse(line);
        Assert.That(entry.RootElement.GetProperty("Record").GetProperty("Id").GetString(), Is.EqualTo(records[42].Id));
        Assert.That(entry.RootElement.GetProperty("ErrorNumber").GetInt32(), Is.EqualTo(1406));
        Assert.That(entry.RootElement.GetProperty("Judgement").GetString(), Does.Contain("alone").And.Contain("1406"));
        Assert.That(pipeline.State.GetSnapshot().IsDeadLettering, Is.True);
    }

    [Test]
    public async Task Every_row_of_a_statement_refused_one_by_one_is_journaled_not_dead_lettered()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        // A schema state (a deployment that broke the column for every row) reports a data error for each row.
        await database.ExecuteAsync("""
            CREATE TRIGGER refuse_all BEFORE INSERT ON api_requests FOR EACH ROW
              SIGNAL SQLSTATE '22001' SET MYSQL_ERRNO = 1406, MESSAGE_TEXT = 'Data too long for column model'
            """);
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options => options.WriteMode = RequestLogWriteMode.Insert);
        foreach (var record in TestRecords.Many("all", 16))
        {
            pipeline.Log.Enqueue(record);
        }

        var during = await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(during.DeadLettered, Is.Zero);
        Assert.That(during.Spilled, Is.EqualTo(16));
        Assert.That(pipeline.DeadLetterLines(), Is.Empty);

        await database.ExecuteAsync("DROP TRIGGER refuse_all");
        await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(16));
    }

    [Test]
    public async Task A_database_missing_at_start_does_not_stop_the_pipeline_and_its_rows_arrive_once_it_exists()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await database.ExecuteAsync($"DROP DATABASE `{database.Name}`");
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options => options.MaxRetryAttempts = 1);
        foreach (var record in TestRecords.Many("missing", 120))
        {
            pipeline.Log.Enqueue(record);
        }

        // Error 1049 while reading the server's facts used to escape the batch and end the flush loop.
        var during = await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);
        Assert.That(during.Spilled, Is.EqualTo(120));
        Assert.That(pipeline.DeadLetterLines(), Is.Empty);

        await using (var admin = new MySqlConnection(TestDatabaseServer.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new MySqlCommand($"CREATE DATABASE `{database.Name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", admin);
            await create.ExecuteNonQueryAsync();
        }

        await using (var context = database.CreateContext())
        {
            await context.Database.MigrateAsync();
        }

        MySqlConnection.ClearAllPools();
        pipeline.Log.Enqueue(TestRecords.Create("missing-late", 7));
        await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(121));
        // The late record may meet the circuit still open and go through the journal too: every spilled record is
        // replayed, whichever way the late one went.
        var state = pipeline.State.GetSnapshot();
        Assert.That(state.Spilled, Is.InRange(120, 121));
        Assert.That(state.Replayed, Is.EqualTo(state.Spilled), "replayed by the loop once the database answered, or by the flush");
        Assert.That(pipeline.State.GetSnapshot().LoopFailures, Is.Zero);
    }

    [Test]
    public async Task A_journal_segment_the_database_does_not_take_does_not_hold_back_the_later_ones()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await database.ExecuteAsync("""
            CREATE TRIGGER hold_some BEFORE INSERT ON api_requests FOR EACH ROW
            BEGIN
              IF NEW.model = 'held' THEN SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = 1047, MESSAGE_TEXT = 'WSREP has not yet prepared node'; END IF;
            END
            """);
        var directory = Path.Combine(Path.GetTempPath(), $"gateway-request-log-{Guid.NewGuid():N}");
        var journal = Path.Combine(directory, "journal");
        Directory.CreateDirectory(journal);
        var held = TestRecords.Many("held", 3).Select(record => record with { Model = "held" }).ToList();
        var later = TestRecords.Many("later", 50);
        await File.WriteAllLinesAsync(Path.Combine(journal, "000000000001.jsonl"), held.Select(Serialize));
        await File.WriteAllLinesAsync(Path.Combine(journal, "000000000002.jsonl"), later.Select(Serialize));

        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options =>
        {
            options.WriteMode = RequestLogWriteMode.Insert;
            options.MaxRetryAttempts = 1;
        }, directory);
        await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests WHERE id LIKE 'later-%'"), Is.EqualTo(50));
        Assert.That(File.Exists(Path.Combine(journal, "000000000001.jsonl")), Is.True);
        Assert.That(File.Exists(Path.Combine(journal, "000000000002.jsonl")), Is.False);
        Assert.That(pipeline.DeadLetterLines(), Is.Empty);
    }

    [Test]
    public async Task The_server_facts_are_read_again_after_an_outage()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var proxy = TcpProxy.Start(database.ConnectionString);
        await using var pipeline = await TestPipeline.StartAsync(proxy.Route(database.ConnectionString), options => options.MaxRetryAttempts = 1);
        pipeline.Log.Enqueue(TestRecords.Create("facts-1", 1));
        await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);
        var before = pipeline.Layout;

        proxy.Refuse();
        pipeline.Log.Enqueue(TestRecords.Create("facts-2", 2));
        await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);
        proxy.Accept();
        pipeline.Log.Enqueue(TestRecords.Create("facts-3", 3));
        await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(before, Is.Not.Null);
        Assert.That(pipeline.Layout, Is.Not.Null.And.Not.SameAs(before), "a reconnect may reach another server: its facts are read again");
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(3));
    }

    [Test]
    public async Task Flush_completes_after_the_pipeline_has_stopped()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString);
        pipeline.Log.Enqueue(TestRecords.Create("before-stop", 1));
        await pipeline.StopAsync();

        var result = await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(result.Written, Is.Zero);
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(1));
    }

    private static string Serialize(ApiRequestRecord record) => JsonSerializer.Serialize(record, RequestLogJsonContext.Default.ApiRequestRecord);
}
