using GatewayPersistence.RequestLog;
using static GatewayPersistence.Tests.Statistics.StatisticsTestSupport;

namespace GatewayPersistence.Tests.RequestLog;

/// <summary>The rollups the pipeline keeps count what the server stored, not what the gateway handed in.</summary>
public class PipelineRollupTests
{
    [TestCase(RequestLogWriteMode.Auto)]
    [TestCase(RequestLogWriteMode.Insert)]
    public async Task The_rollups_equal_the_stored_rows_after_cuts_nulled_references_and_collation_only_statuses(RequestLogWriteMode mode)
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await TestRecords.SeedKeyAsync(database, "prov-1", "vk-live");
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options => options.WriteMode = mode);
        var random = new Random(4242);
        string?[] models = [null, "gpt-test", new string('m', 254) + "😀tail", "claude"];

        ApiRequestRecord Record(string id, int index, string?[] statuses) => TestRecords.Create(id, index) with
        {
            // Deleted references are stored as NULL; the 300-character model is cut to 255 characters.
            VirtualKeyId = random.Next(3) switch { 0 => null, 1 => "vk-live", _ => "vk-deleted" },
            ProviderId = random.Next(3) switch { 0 => null, 1 => "prov-1", _ => "prov-deleted" },
            Model = models[random.Next(models.Length)],
            Status = statuses[random.Next(statuses.Length)],
            CachedTokens = random.Next(3) == 0 ? random.Next(1, 50) : 0,
            CacheHit = random.Next(5) == 0,
            ResponseTimeMs = random.Next(4) == 0 ? null : random.Next(1, 9_000),
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000 + random.NextInt64(6 * 3_600_000)),
        };

        // First batch: statuses .NET compares as the server does (counted in process); second: some only the
        // collation decides ("SUCCESS" is 'success', "succès" is not), so that batch is counted in SQL.
        string?[] plain = ["success", "error", "timeout", null];
        string?[] collationOnly = [.. plain, "SUCCESS", "Error ", "succès"];
        var index = 0;
        foreach (var statuses in new[] { plain, collationOnly })
        {
            for (var i = 0; i < 400; i++, index++)
            {
                Assert.That(pipeline.Log.Enqueue(Record($"r-{index:D4}", index, statuses)), Is.True);
            }

            await pipeline.Log.FlushAsync(CancellationToken.None);
        }

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(800));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests WHERE virtual_key_id IS NULL"), Is.GreaterThan(200));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests WHERE CHAR_LENGTH(model) = 255"), Is.GreaterThan(0));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests WHERE status = 'success' AND status <> BINARY 'success'"), Is.GreaterThan(0));
        Assert.That(await RollupLinesAsync(database), Is.EqualTo(await ExpectedRollupLinesAsync(database)));
    }
}
