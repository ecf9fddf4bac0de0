using GatewayPersistence.RequestLog;

namespace GatewayPersistence.Tests.RequestLog;

public class PipelineIngestTests
{
    [Test]
    public async Task Eight_concurrent_producers_store_every_record_once_with_its_own_created_at()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString);
        var records = TestRecords.Many("p", 20_000);

        var accepted = await Task.WhenAll(Enumerable.Range(0, 8).Select(producer => Task.Run(() =>
            records.Where((_, index) => index % 8 == producer).Count(pipeline.Log.Enqueue))));
        await pipeline.Log.FlushAsync(CancellationToken.None);

        Assert.That(accepted.Sum(), Is.EqualTo(20_000));
        var stored = await TestRecords.StoredCreatedAtAsync(database);
        Assert.That(stored, Has.Count.EqualTo(20_000));
        Assert.That(records.All(record => stored[record.Id] == record.CreatedAt.ToUnixTimeMilliseconds()), Is.True);
        Assert.That(pipeline.State.GetSnapshot().Written, Is.EqualTo(20_000));
    }

    [Test]
    public async Task A_batch_is_written_after_the_flush_interval_without_a_flush_call()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options => options.FlushInterval = TimeSpan.FromMilliseconds(300));

        Assert.That(pipeline.Log.Enqueue(TestRecords.Create("lonely", 1)), Is.True);

        // Polls the outcome (not the time): the single record must arrive without FlushAsync or a full batch.
        var count = 0L;
        for (var attempt = 0; attempt < 300 && count == 0; attempt++)
        {
            await Task.Delay(100);
            count = await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests");
        }

        Assert.That(count, Is.EqualTo(1));
    }

    [Test]
    public async Task Host_stop_drains_the_queue()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options =>
        {
            options.BatchSize = 100_000;
            options.FlushInterval = TimeSpan.FromHours(1);
        });
        await using (pipeline)
        {
            foreach (var record in TestRecords.Many("stop", 5_000))
            {
                pipeline.Log.Enqueue(record);
            }

            Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.Zero);
            await pipeline.StopAsync(TimeSpan.FromSeconds(60));

            Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(5_000));
            Assert.That(pipeline.JournalSegmentCount(), Is.Zero);
            Assert.That(pipeline.Log.Enqueue(TestRecords.Create("late", 1)), Is.False);
        }
    }

    [Test]
    public async Task A_stop_that_comes_before_the_service_ran_still_drains()
    {
        // BackgroundService starts ExecuteAsync through Task.Run with the stopping token: stopping at once cancels it
        // before it runs, and the drain must not depend on it. Stopping a service that never started takes that branch
        // every time (a start followed by a stop would pass whichever branch ran).
        await using var database = await TestDatabase.CreateMigratedAsync();
        var pipeline = TestPipeline.Create(database.ConnectionString);
        await using (pipeline)
        {
            foreach (var record in TestRecords.Many("early-stop", 300))
            {
                pipeline.Log.Enqueue(record);
            }

            await pipeline.StopAsync(TimeSpan.FromSeconds(60));

            Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(300));
            Assert.That(pipeline.State.GetSnapshot().QueueDepth, Is.Zero);
        }
    }

    [Test]
    public async Task Three_pipelines_on_one_database_write_every_row_once_and_rollups_match()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await TestRecords.SeedKeyAsync(database, "prov-1", "vk-1");
        var pipelines = new List<TestPipeline>();
        for (var instance = 0; instance < 3; instance++)
        {
            pipelines.Add(await TestPipeline.StartAsync(database.ConnectionString, options => options.MaxBatchRows = 700));
        }

        try
        {
            var batches = pipelines.Select((pipeline, instance) => (pipeline, records: TestRecords.Many($"g{instance}", 6_000, "vk-1", "prov-1"))).ToList();
            await Task.WhenAll(batches.Select(pair => Task.Run(() =>
            {
                foreach (var record in pair.records)
                {
                    pair.pipeline.Log.Enqueue(record);
                }
            })));
            // Each instance also replays a batch another instance already wrote: still once.
            await Task.WhenAll(pipelines.Select(pipeline => pipeline.Log.FlushAsync(CancellationToken.None)));
            await pipelines[0].Processor.WriteAsync(batches[1].records.Take(500).ToList(), allowSpill: false, CancellationToken.None);

            Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(18_000));
            Assert.That(await database.ScalarAsync<long>("SELECT COUNT(DISTINCT id) FROM api_requests"), Is.EqualTo(18_000));
            Assert.That(await database.ScalarAsync<long>("SELECT SUM(request_count) FROM api_request_hourly_rollups"), Is.EqualTo(18_000));
            Assert.That(
                await database.ScalarAsync<long>("SELECT SUM(prompt_tokens) FROM api_request_hourly_rollups"),
                Is.EqualTo(await database.ScalarAsync<long>("SELECT SUM(prompt_tokens) FROM api_requests")));
            Assert.That(pipelines.Sum(pipeline => pipeline.State.GetSnapshot().DeadLettered), Is.Zero);
        }
        finally
        {
            foreach (var pipeline in pipelines)
            {
                await pipeline.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task Drop_policy_counts_every_drop_when_the_queue_is_full()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        // Not started: nothing drains, so the queue fills.
        await using var pipeline = TestPipeline.Create(database.ConnectionString, options =>
        {
            options.QueueCapacity = 100;
            options.OverflowPolicy = RequestLogOverflowPolicy.DropNewest;
        });

        var accepted = TestRecords.Many("d", 250).Count(pipeline.Log.Enqueue);

        var snapshot = pipeline.State.GetSnapshot();
        Assert.That(accepted, Is.EqualTo(100));
        Assert.That(snapshot.Dropped, Is.EqualTo(150));
        Assert.That(snapshot.IsDropping, Is.True);
        Assert.That(snapshot.QueueDepth, Is.EqualTo(100));
    }
}
