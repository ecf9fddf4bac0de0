using GatewayPersistence.RequestLog;

namespace GatewayPersistence.Tests.RequestLog;

/// <summary>
/// A fresh batch is written without reading which ids exist; these cover the batches for which that optimistic write
/// must give way to the checked one, with either writer: only the rows not stored yet are inserted and counted.
/// </summary>
public class BatchIdempotencyTests
{
    [TestCase(RequestLogWriteMode.Auto)]
    [TestCase(RequestLogWriteMode.Insert)]
    public async Task A_batch_overlapping_stored_rows_inserts_and_rolls_up_only_the_new_ones(RequestLogWriteMode mode)
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options => options.WriteMode = mode);
        var stored = TestRecords.Many("overlap", 120);
        Assert.That(await pipeline.Processor.WriteAsync(stored.GetRange(0, 50), allowSpill: false, CancellationToken.None), Is.True);

        Assert.That(await pipeline.Processor.WriteAsync(stored, allowSpill: false, CancellationToken.None), Is.True);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(120));
        Assert.That(await database.ScalarAsync<long>("SELECT SUM(request_count) FROM api_request_hourly_rollups"), Is.EqualTo(120));
        Assert.That(
            await database.ScalarAsync<long>("SELECT SUM(prompt_tokens) FROM api_request_hourly_rollups"),
            Is.EqualTo(await database.ScalarAsync<long>("SELECT SUM(prompt_tokens) FROM api_requests")));
        Assert.That(pipeline.DeadLetterLines(), Is.Empty);
    }

    [TestCase(RequestLogWriteMode.Auto)]
    [TestCase(RequestLogWriteMode.Insert)]
    public async Task Ids_differing_only_in_case_in_one_batch_are_one_row(RequestLogWriteMode mode)
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options => options.WriteMode = mode);
        var batch = TestRecords.Many("case", 10);
        batch.Add(TestRecords.Create("CASE-000003", 99));

        Assert.That(await pipeline.Processor.WriteAsync(batch, allowSpill: false, CancellationToken.None), Is.True);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(10));
        Assert.That(await database.ScalarAsync<long>("SELECT SUM(request_count) FROM api_request_hourly_rollups"), Is.EqualTo(10));
    }

    [Test]
    public void Distinct_ids_are_compared_without_case()
    {
        var table = RowPreparationTestsTable();
        var preparer = new ApiRequestRowPreparer(table, new RequestLogMetrics(null), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var distinct = preparer.Prepare([TestRecords.Create("a-1", 1), TestRecords.Create("a-2", 2)], []);
        var clashing = preparer.Prepare([TestRecords.Create("a-1", 1), TestRecords.Create("A-1", 2)], []);

        Assert.That(ApiRequestBatchTransaction.HasDistinctIds(distinct), Is.True);
        Assert.That(ApiRequestBatchTransaction.HasDistinctIds(clashing), Is.False);
    }

    private static ApiRequestColumnLayout RowPreparationTestsTable()
        => ApiRequestColumnLayout.Create(RowPreparationTests.Model, new RequestLogOptions(), 64 * 1024 * 1024, totalTokensIsPlain: false);
}
