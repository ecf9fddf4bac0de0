using GatewayPersistence.RequestLog;

namespace GatewayPersistence.Tests.RequestLog;

public class PipelineFaultTests
{
    [Test]
    public async Task Server_unreachable_mid_ingest_then_back_stores_every_row_exactly_once()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var proxy = TcpProxy.Start(database.ConnectionString);
        await using var pipeline = await TestPipeline.StartAsync(proxy.Route(database.ConnectionString), options => options.MaxRetryAttempts = 2);
        var records = TestRecords.Many("cut", 6_000);

        var producer = Task.Run(async () =>
        {
            for (var index = 0; index < records.Count; index++)
            {
                pipeline.Log.Enqueue(records[index]);
                if (index % 500 == 0)
                {
                    await Task.Delay(20);
                }
            }
        });
        await Task.Delay(150);
        proxy.Refuse();
        await producer;
        await pipeline.Log.FlushAsync(CancellationToken.None);
        var duringOutage = pipeline.State.GetSnapshot();
        proxy.Accept();
        await pipeline.Log.FlushAsync(CancellationToken.None);

        Assert.That(duringOutage.IsSpilling, Is.True);
        Assert.That(duringOutage.Spilled, Is.GreaterThan(0));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(6_000));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(DISTINCT id) FROM api_requests"), Is.EqualTo(6_000));
        Assert.That(await database.ScalarAsync<long>("SELECT SUM(request_count) FROM api_request_hourly_rollups"), Is.EqualTo(6_000));
        Assert.That(pipeline.JournalSegmentCount(), Is.Zero);
        Assert.That(pipeline.State.GetSnapshot().IsSpilling, Is.False);
    }

    [Test]
    public async Task A_batch_replayed_after_it_was_committed_adds_no_row_and_no_rollup()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString);
        var batch = TestRecords.Many("again", 300);

        Assert.That(await pipeline.Processor.WriteAsync(batch, allowSpill: false, CancellationToken.None), Is.True);
        Assert.That(await pipeline.Processor.WriteAsync(batch, allowSpill: false, CancellationToken.None), Is.True);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(300));
        Assert.That(await database.ScalarAsync<long>("SELECT SUM(request_count) FROM api_request_hourly_rollups"), Is.EqualTo(300));
    }

    [Test]
    public async Task Full_queue_with_journal_loses_nothing_after_replay()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var proxy = TcpProxy.Start(database.ConnectionString);
        proxy.Refuse();
        await using var pipeline = await TestPipeline.StartAsync(proxy.Route(database.ConnectionString), options =>
        {
            options.QueueCapacity = 50;
            options.MaxRetryAttempts = 1;
        });
        var records = TestRecords.Many("full", 3_000);

        var accepted = records.Count(pipeline.Log.Enqueue);
        await pipeline.Log.FlushAsync(CancellationToken.None);
        var spilled = pipeline.State.GetSnapshot();
        proxy.Accept();
        await pipeline.Log.FlushAsync(CancellationToken.None);

        Assert.That(accepted, Is.EqualTo(3_000));
        Assert.That(spilled.Dropped, Is.Zero);
        Assert.That(spilled.Spilled, Is.GreaterThanOrEqualTo(2_900));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(3_000));
        Assert.That(pipeline.State.GetSnapshot().Replayed, Is.GreaterThanOrEqualTo(2_900));
    }

    [Test]
    public async Task Journal_left_by_a_previous_run_is_replayed_at_start_up()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var proxy = TcpProxy.Start(database.ConnectionString);
        proxy.Refuse();
        var directory = Path.Combine(Path.GetTempPath(), $"gateway-request-log-{Guid.NewGuid():N}");
        var records = TestRecords.Many("prev", 800);
        await using (var previous = await TestPipeline.StartAsync(proxy.Route(database.ConnectionString), options => options.MaxRetryAttempts = 1, directory))
        {
            foreach (var record in records)
            {
                previous.Log.Enqueue(record);
            }

            await previous.StopAsync(TimeSpan.FromSeconds(30));
            Assert.That(previous.JournalSegmentCount(), Is.GreaterThan(0));
            System.IO.Directory.Move(directory, directory + "-kept");
        }

        System.IO.Directory.Move(directory + "-kept", directory);
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.Zero);
        await using var next = await TestPipeline.StartAsync(database.ConnectionString, directory: directory);
        await next.Log.FlushAsync(CancellationToken.None);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(800));
        Assert.That(next.JournalSegmentCount(), Is.Zero);
        Assert.That(next.State.GetSnapshot().Replayed, Is.EqualTo(800));
    }

    [Test]
    public async Task Journal_write_failure_is_counted_and_exposed_without_crashing()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var proxy = TcpProxy.Start(database.ConnectionString);
        proxy.Refuse();
        var blocker = Path.Combine(Path.GetTempPath(), $"gateway-journal-file-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(blocker, "a file where the journal directory should be");
        try
        {
            await using var pipeline = await TestPipeline.StartAsync(proxy.Route(database.ConnectionString), options =>
            {
                options.MaxRetryAttempts = 1;
                options.JournalDirectory = Path.Combine(blocker, "journal");
            });
            foreach (var record in TestRecords.Many("lost", 100))
            {
                pipeline.Log.Enqueue(record);
            }

            await pipeline.Log.FlushAsync(CancellationToken.None);

            var snapshot = pipeline.State.GetSnapshot();
            Assert.That(snapshot.JournalFaulted, Is.True);
            Assert.That(snapshot.JournalFailures, Is.GreaterThan(0));
            Assert.That(snapshot.Dropped, Is.EqualTo(100));
            Assert.That(pipeline.Log.Enqueue(TestRecords.Create("still-accepting", 1)), Is.True);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Test]
    public async Task A_commit_whose_reply_is_lost_is_retried_without_adding_anything_twice()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var proxy = TcpProxy.Start(database.ConnectionString);
        await using var pipeline = await TestPipeline.StartAsync(proxy.Route(database.ConnectionString), options => options.MaxConcurrentBatches = 1);
        pipeline.Log.Enqueue(TestRecords.Create("before", 1));
        await pipeline.Log.FlushAsync(CancellationToken.None);

        // Deterministic unknown commit outcome: the server commits, the client never hears it and retries the batch.
        proxy.DropNextCommitReply();
        foreach (var record in TestRecords.Many("lost-ack", 400))
        {
            pipeline.Log.Enqueue(record);
        }

        await pipeline.Log.FlushAsync(CancellationToken.None);
        await pipeline.Log.FlushAsync(CancellationToken.None);

        Assert.That(proxy.CommitReplyDropped, Is.True);
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(401));
        Assert.That(await database.ScalarAsync<long>("SELECT SUM(request_count) FROM api_request_hourly_rollups"), Is.EqualTo(401));
        Assert.That(pipeline.State.GetSnapshot().Retries, Is.GreaterThan(0));
    }
}
