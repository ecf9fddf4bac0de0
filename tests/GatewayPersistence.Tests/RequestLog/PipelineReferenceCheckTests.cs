using GatewayPersistence.RequestLog;

namespace GatewayPersistence.Tests.RequestLog;

/// <summary>
/// The server's per-row foreign-key check is left out of a batch's write only when the batch's own share-locked check
/// proved every reference, and only for the rows: the switch is on again before the rollups and after the batch.
/// </summary>
public class PipelineReferenceCheckTests
{
    private const string ChecksOff = "SET SESSION foreign_key_checks = 0";
    private const string ChecksOn = "SET SESSION foreign_key_checks = 1";

    [TestCase(RequestLogWriteMode.Auto)]
    [TestCase(RequestLogWriteMode.Insert)]
    public async Task Rows_whose_references_are_all_stored_are_written_without_the_servers_check_and_dangling_ones_are_nulled(RequestLogWriteMode mode)
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await TestRecords.SeedKeyAsync(database, "prov-1", "vk-live");
        using var statements = new ExecutedStatements(database.Name);
        // One batch at a time: the statements of one transaction then follow each other in the list.
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options =>
        {
            options.WriteMode = mode;
            options.MaxConcurrentBatches = 1;
        });

        var records = TestRecords.Many("live", 20, "vk-live", "prov-1")
            .Concat(TestRecords.Many("gone", 20, "vk-deleted", "prov-deleted"))
            .Concat(TestRecords.Many("none", 20));
        foreach (var record in records)
        {
            Assert.That(pipeline.Log.Enqueue(record), Is.True);
        }

        await pipeline.Log.FlushAsync(CancellationToken.None);

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests WHERE virtual_key_id = 'vk-live' AND provider_id = 'prov-1'"), Is.EqualTo(20));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests WHERE virtual_key_id IS NULL AND provider_id IS NULL"), Is.EqualTo(40));
        var executed = statements.All;
        var writes = executed.Select((text, index) => (text, index)).Where(s => IsRowWrite(s.text)).Select(s => s.index).ToList();
        var rollups = executed.Select((text, index) => (text, index)).Where(s => s.text.Contains("rollups", StringComparison.Ordinal)).Select(s => s.index).ToList();
        Assert.That(writes, Is.Not.Empty);
        Assert.That(rollups, Is.Not.Empty);
        Assert.That(writes.All(index => ChecksAreOffAt(executed, index)), Is.True, string.Join("\n", executed));
        Assert.That(rollups.All(index => !ChecksAreOffAt(executed, index)), Is.True, string.Join("\n", executed));
        Assert.That(ChecksAreOffAt(executed, executed.Count), Is.False, "the switch is on again when the batch is done");
    }

    [Test]
    public async Task A_reference_stored_in_another_case_is_left_to_the_servers_check()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await TestRecords.SeedKeyAsync(database, "prov-1", "vk-live");
        using var statements = new ExecutedStatements(database.Name);
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString);

        foreach (var record in TestRecords.Many("exact", 5, "vk-live", "prov-1").Append(TestRecords.Create("upper", 9, "VK-LIVE", "prov-1")))
        {
            Assert.That(pipeline.Log.Enqueue(record), Is.True);
        }

        await pipeline.Log.FlushAsync(CancellationToken.None);

        // The column's case-insensitive collation makes 'VK-LIVE' the stored key: the server's check accepts it as it is.
        Assert.That(await database.ScalarAsync<string>("SELECT virtual_key_id FROM api_requests WHERE id = 'upper'"), Is.EqualTo("VK-LIVE"));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(6));
        Assert.That(statements.All.Where(IsRowWrite), Is.Not.Empty);
        Assert.That(statements.All.Where(text => text.Contains("foreign_key_checks", StringComparison.Ordinal)), Is.Empty);
    }

    private static bool IsRowWrite(string text)
        => text.StartsWith("LOAD DATA", StringComparison.OrdinalIgnoreCase)
            || (text.StartsWith("INSERT INTO `api_requests`", StringComparison.Ordinal) && !text.Contains("rollups", StringComparison.Ordinal));

    /// <summary>Whether the statements before <paramref name="index"/> last switched the check off.</summary>
    private static bool ChecksAreOffAt(IReadOnlyList<string> executed, int index)
    {
        for (var before = index - 1; before >= 0; before--)
        {
            if (executed[before] == ChecksOff)
            {
                return true;
            }

            if (executed[before] == ChecksOn)
            {
                return false;
            }
        }

        return false;
    }
}
