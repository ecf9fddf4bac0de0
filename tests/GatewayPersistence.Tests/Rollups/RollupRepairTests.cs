using GatewayPersistence.Tests.RequestLog;

namespace GatewayPersistence.Tests.Rollups;

/// <summary>
/// Verify-and-repair: after a rolling upgrade in which an older instance wrote rows without rollups (and a rollup row
/// went missing), only the hours that differ from their raw rows are rebuilt, and a second run finds nothing.
/// </summary>
public class RollupRepairTests
{
    private const long Hour = 3_600_000;

    [Test]
    public async Task Only_the_hours_that_differ_from_the_raw_rows_are_rebuilt()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString);
        var baseHour = 1_764_000_000_000L - (1_764_000_000_000L % Hour);
        var records = Enumerable.Range(0, 40).Select(index => TestRecords.Create($"live-{index:D3}", index) with
        {
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(baseHour + index % 4 * Hour + index * 1000),
        }).ToList();
        foreach (var record in records)
        {
            pipeline.Log.Enqueue(record);
        }

        await pipeline.Log.FlushAsync(CancellationToken.None);
        // An old instance wrote two rows in hour 1 without rollups; hour 3 lost its rollup rows.
        await database.ExecuteAsync($"""
            INSERT INTO api_requests (id, model, prompt_tokens, completion_tokens, status, created_at)
            VALUES ('old-1', 'gpt-test', 5, 5, 'success', {baseHour + Hour + 10}), ('old-2', 'other', 1, 1, 'error', {baseHour + Hour + 20});
            DELETE FROM api_request_hourly_rollups WHERE hour_start = {baseHour + 3 * Hour};
            """);
        var backfill = pipeline.Get<IApiRequestRollupBackfill>();
        var from = DateTimeOffset.FromUnixTimeMilliseconds(baseHour);
        var until = DateTimeOffset.FromUnixTimeMilliseconds(baseHour + 4 * Hour);

        var repaired = await backfill.VerifyAndRepairAsync(from, until);
        var again = await backfill.VerifyAndRepairAsync(from, until);

        Assert.That(repaired.HoursChecked, Is.EqualTo(4));
        Assert.That(repaired.RepairedHours.Select(hour => hour.ToUnixTimeMilliseconds()), Is.EqualTo(new[] { baseHour + Hour, baseHour + 3 * Hour }));
        Assert.That(again.RepairedHours, Is.Empty);
        Assert.That(await database.ScalarAsync<long>("SELECT SUM(request_count) FROM api_request_hourly_rollups"), Is.EqualTo(42));
        Assert.That(await database.ScalarAsync<long>("SELECT SUM(request_count) FROM api_request_key_hourly_rollups"), Is.EqualTo(42));
    }
}
