using GatewayPersistence.RequestLog;

namespace GatewayPersistence.Tests.RequestLog;

/// <summary>A burst past the byte budget: what overflowed went through the journal, and a flush waits for its replay.</summary>
public class PipelineBurstTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    [Test]
    public async Task A_flush_after_a_burst_over_the_byte_budget_loses_nothing_and_returns_with_every_row_in_the_table()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options =>
        {
            options.MaxQueuedBytes = 1024 * 1024;
        });
        var records = TestRecords.Many("burst", 40_000);

        // Each record holds ~600 bytes: the queue takes ~1,700 of them, the overflow buffer as many; the rest of the burst
        // arrives faster than the overflow loop journals, so callers journal the full buffer themselves.
        var accepted = records.Count(pipeline.Log.Enqueue);
        var result = await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);
        var state = pipeline.State.GetSnapshot();

        Assert.That(accepted, Is.EqualTo(records.Count));
        Assert.That(state.Dropped, Is.Zero);
        Assert.That(state.Spilled, Is.GreaterThan(records.Count / 2), "the burst went through the journal");
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(records.Count));
        Assert.That(state.Replayed, Is.EqualTo(state.Spilled), "everything journaled before the flush was replayed by it");
        Assert.That(result.Replayed, Is.GreaterThan(0));
        Assert.That(pipeline.JournalSegmentCount(), Is.Zero);
    }
}
