using GatewayPersistence.RequestLog;

namespace GatewayPersistence.Tests.RequestLog;

/// <summary>The ways back: dead letters requeued once the cause is fixed; a half-open connection abandoned after the command timeout.</summary>
public class PipelineRecoveryTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    [Test]
    public async Task A_dead_letter_file_is_requeued_once_the_cause_is_fixed_and_a_second_run_adds_nothing()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await database.ExecuteAsync("""
            CREATE TRIGGER refuse_some BEFORE INSERT ON api_requests FOR EACH ROW
            BEGIN
              IF NEW.model = 'refused' THEN SIGNAL SQLSTATE '22001' SET MYSQL_ERRNO = 1406, MESSAGE_TEXT = 'Data too long'; END IF;
            END
            """);
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options => options.WriteMode = RequestLogWriteMode.Insert);
        var records = TestRecords.Many("rq", 40);
        records[3] = records[3] with { Model = "refused" };
        records[30] = records[30] with { Model = "refused" };
        foreach (var record in records)
        {
            pipeline.Log.Enqueue(record);
        }

        Assert.That((await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard)).DeadLettered, Is.EqualTo(2));
        var file = Directory.GetFiles(pipeline.DeadLetterDirectory).Single();
        var copy = file + ".copy";
        File.Copy(file, copy);

        await database.ExecuteAsync("DROP TRIGGER refuse_some");
        var requeue = pipeline.Get<IRequestLogDeadLetters>();
        var first = await requeue.RequeueAsync(file, CancellationToken.None);
        var second = await requeue.RequeueAsync(copy, CancellationToken.None);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(40));
        Assert.That(first, Is.EqualTo(new DeadLetterRequeueResult(2, 2, 0, 0, 0, 0, file + ".requeued")));
        Assert.That(second.Inserted, Is.Zero);
        Assert.That(second.AlreadyStored, Is.EqualTo(2));
        Assert.That(File.Exists(file), Is.False);
        Assert.That(await database.ScalarAsync<long>("SELECT SUM(request_count) FROM api_request_hourly_rollups"), Is.EqualTo(40));
    }

    [Test]
    public async Task A_half_open_connection_is_abandoned_after_the_command_timeout_and_the_batch_written_on_a_new_one()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var proxy = TcpProxy.Start(database.ConnectionString);
        await using var pipeline = await TestPipeline.StartAsync(proxy.Route(database.ConnectionString), options =>
        {
            options.CommandTimeout = TimeSpan.FromSeconds(2);
            options.MaxConcurrentBatches = 1;
        });
        pipeline.Log.Enqueue(TestRecords.Create("warm", 1));
        await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        // The pooled connection now goes half-open: the next bulk load is sent into a path that never answers.
        proxy.Stall();
        foreach (var record in TestRecords.Many("half-open", 500))
        {
            pipeline.Log.Enqueue(record);
        }

        await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);
        await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(501));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(DISTINCT id) FROM api_requests"), Is.EqualTo(501));
    }

    [Test]
    public async Task A_write_cut_off_before_its_commit_does_not_hold_its_locks_for_the_servers_wait_timeout()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var proxy = TcpProxy.Start(database.ConnectionString);
        await using var pipeline = await TestPipeline.StartAsync(proxy.Route(database.ConnectionString), options =>
        {
            options.CommandTimeout = TimeSpan.FromSeconds(2);
            options.MaxConcurrentBatches = 1;
        });
        pipeline.Log.Enqueue(TestRecords.Create("warm", 1));
        await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        // The batch's rows and its hourly rollup row are written, then the path goes half-open at the COMMIT: the server
        // keeps the session, idle in the transaction, with those locks; the client gives up after the command timeout.
        proxy.StallAtNextCommit();
        foreach (var record in TestRecords.Many("cut-off", 200))
        {
            pipeline.Log.Enqueue(record);
        }

        await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);
        Assert.That(proxy.CommitStalled, Is.True);

        // The replay of that batch and a later batch of the same hour both need those locks.
        foreach (var record in TestRecords.Many("after", 100))
        {
            pipeline.Log.Enqueue(record);
        }

        // The server's wait_timeout is 8 hours: without a shorter one on the write session nothing more is written here.
        var stored = 0L;
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < until && (stored = await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests")) < 301)
        {
            await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);
            await Task.Delay(500);
        }

        Assert.That(stored, Is.EqualTo(301));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(DISTINCT id) FROM api_requests"), Is.EqualTo(301));
        Assert.That(await database.ScalarAsync<long>("SELECT SUM(request_count) FROM api_request_hourly_rollups"), Is.EqualTo(301));
    }

    [Test]
    public async Task A_shutdown_shorter_than_the_drain_journals_the_rest_and_the_next_start_writes_every_record()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        // A slow database: every row costs the server a millisecond, so 50,000 rows take far longer than the host waits.
        await database.ExecuteAsync("CREATE TRIGGER slow BEFORE INSERT ON api_requests FOR EACH ROW BEGIN DECLARE slept INT; SET slept = SLEEP(0.001); END");
        var directory = Path.Combine(Path.GetTempPath(), $"gateway-request-log-{Guid.NewGuid():N}");
        var records = TestRecords.Many("shutdown", 50_000);
        await using (var first = await TestPipeline.StartAsync(database.ConnectionString, options =>
        {
            options.BatchSize = 100_000;
            options.FlushInterval = TimeSpan.FromHours(1);
        }, directory))
        {
            foreach (var record in records)
            {
                first.Log.Enqueue(record);
            }

            await first.StopAsync(TimeSpan.FromSeconds(2));
            Assert.That(first.State.GetSnapshot().Dropped, Is.Zero);
            Assert.That(first.JournalSegmentCount(), Is.GreaterThan(0));
            Directory.Move(directory, directory + "-kept");
        }

        Directory.Move(directory + "-kept", directory);
        await database.ExecuteAsync("DROP TRIGGER slow");
        await using var next = await TestPipeline.StartAsync(database.ConnectionString, directory: directory);
        await next.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(50_000));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(DISTINCT id) FROM api_requests"), Is.EqualTo(50_000));
        Assert.That(await database.ScalarAsync<long>("SELECT SUM(request_count) FROM api_request_hourly_rollups"), Is.EqualTo(50_000));
    }

    [Test]
    public async Task The_drain_stops_writing_within_the_hosts_shutdown_timeout_and_journals_the_rest()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        // A blocked database: every insert waits for a named lock this test holds (until the statement is killed).
        await database.ExecuteAsync("CREATE TRIGGER blocked BEFORE INSERT ON api_requests FOR EACH ROW BEGIN DECLARE got INT; SET got = GET_LOCK('gw_blocked_drain', 3600); END");
        await using var holder = await database.OpenConnectionAsync();
        await using (var take = new MySqlCommand("SELECT GET_LOCK('gw_blocked_drain', 10)", holder))
        {
            Assert.That(await take.ExecuteScalarAsync(), Is.EqualTo(1L));
        }

        var directory = Path.Combine(Path.GetTempPath(), $"gateway-request-log-{Guid.NewGuid():N}");
        var records = TestRecords.Many("host-timeout", 5_000);
        await using (var first = await TestPipeline.StartAsync(database.ConnectionString, options =>
        {
            options.BatchSize = 100_000;
            options.FlushInterval = TimeSpan.FromHours(1);
            // Neither the drain's own limit nor the command timeout ends the wait: only the host's shutdown timeout does.
            options.ShutdownDrainTimeout = TimeSpan.FromHours(1);
            options.CommandTimeout = TimeSpan.FromHours(1);
        }, directory, hostShutdownTimeout: TimeSpan.FromSeconds(3)))
        {
            foreach (var record in records)
            {
                first.Log.Enqueue(record);
            }

            // The stop token never fires within the guard: the drain must keep to HostOptions.ShutdownTimeout by itself.
            await first.StopAsync(TimeSpan.FromHours(1)).WaitAsync(HangGuard);
            Assert.That(first.State.GetSnapshot().Dropped, Is.Zero);
            Assert.That(first.State.GetSnapshot().Spilled, Is.EqualTo(records.Count));
            Directory.Move(directory, directory + "-kept");
        }

        await using (var release = new MySqlCommand("SELECT RELEASE_LOCK('gw_blocked_drain')", holder))
        {
            await release.ExecuteScalarAsync();
        }

        Directory.Move(directory + "-kept", directory);
        await database.ExecuteAsync("DROP TRIGGER blocked");
        await using var next = await TestPipeline.StartAsync(database.ConnectionString, directory: directory);
        await next.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(records.Count));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(DISTINCT id) FROM api_requests"), Is.EqualTo(records.Count));
    }

    [Test]
    public async Task After_dispose_the_log_refuses_records_and_flush_completes()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var pipeline = await TestPipeline.StartAsync(database.ConnectionString);
        var log = pipeline.Log;
        await pipeline.DisposeAsync();

        Assert.That(log.Enqueue(TestRecords.Create("after-dispose", 1)), Is.False);
        Assert.DoesNotThrowAsync(async () => await log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard));
    }
}
