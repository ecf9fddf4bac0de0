using GatewayPersistence.Statistics;

namespace GatewayPersistence.UnitTests.Rollups;

/// <summary>Counting a batch in process (pure; the database tests hold it equal to the SQL aggregates).</summary>
public class RollupBatchTests
{
    private const long Hour = 3_600_000;

    [TestCase("success", true, false)]
    [TestCase("error", false, true)]
    [TestCase(null, false, false)]
    [TestCase("timeout", false, false)]
    [TestCase("Err0r", false, false)]
    [TestCase("", false, false)]
    public void A_status_dotnet_compares_as_the_server_does_is_classified(string? status, bool success, bool error)
    {
        Assert.That(RollupBatch.TryClassifyStatus(status, out var isSuccess, out var isError), Is.True);
        Assert.That((isSuccess, isError), Is.EqualTo((success, error)));
    }

    [TestCase("SUCCESS")]
    [TestCase("Error")]
    [TestCase("success ")]
    [TestCase("succès")]
    [TestCase("time-out")]
    public void A_status_only_the_collation_can_compare_is_left_to_the_server(string status)
        => Assert.That(RollupBatch.TryClassifyStatus(status, out _, out _), Is.False);

    [Test]
    public void Rows_are_summed_per_hour_key_provider_model_and_per_key_hour_in_key_order()
    {
        ApiRequestRollupRow[] rows =
        [
            new("a", (2 * Hour) + 5, "k2", "p", "m", "success", 10, 5, 15, 4, false, 100),
            new("b", (2 * Hour) + 9, "k2", "p", "m", "error", 1, 2, 3, 0, true, null),
            new("c", Hour + 1, null, null, null, null, null, 7, null, null, false, 50),
            new("d", (2 * Hour) + 1, "k1", "p", "other", "success", 3, 3, 6, 0, false, 10),
        ];

        Assert.That(RollupBatch.TryCount(rows, out var batch), Is.True);
        Assert.That(batch.Hours.Select(h => (h.HourStart.ToUnixTimeMilliseconds(), h.VirtualKeyId, h.Model)), Is.EqualTo(new[]
        {
            (Hour, "", ""), (2 * Hour, "k1", "other"), (2 * Hour, "k2", "m"),
        }));
        var k2 = batch.Hours[2];
        Assert.That(
            new[] { k2.RequestCount, k2.SuccessCount, k2.ErrorCount, k2.PromptTokens, k2.CompletionTokens, k2.TotalTokens, k2.CachedTokens },
            Is.EqualTo(new long[] { 2, 1, 1, 11, 7, 18, 4 }));
        Assert.That(
            new[] { k2.UncachedPromptTokens, k2.UncachedCompletionTokens, k2.UncachedTotalTokens, k2.CacheHitCount, k2.PromptCacheHitCount },
            Is.EqualTo(new long[] { 10, 5, 15, 1, 1 }));
        Assert.That((k2.ResponseTimeSum, k2.ResponseTimeCount), Is.EqualTo((100L, 1L)));
        var empty = batch.Hours[0];
        Assert.That((empty.CompletionTokens, empty.TotalTokens, empty.ResponseTimeCount), Is.EqualTo((7L, 0L, 1L)));

        Assert.That(batch.KeyHours.Select(k => (k.VirtualKeyId, k.HourStart.ToUnixTimeMilliseconds(), k.RequestCount, k.TotalTokens)), Is.EqualTo(new[]
        {
            ("", Hour, 1L, 0L), ("k1", 2 * Hour, 1L, 6L), ("k2", 2 * Hour, 2L, 18L),
        }));
    }

    [Test]
    public void A_batch_with_a_collation_only_status_or_an_out_of_range_total_is_left_to_the_server()
    {
        Assert.That(RollupBatch.TryCount([new("a", 0, null, null, null, "Success", 1, 1, 2, 0, false, null)], out _), Is.False);
        Assert.That(RollupBatch.TryCount([new("a", 0, null, null, null, "success", int.MaxValue, 1, (long)int.MaxValue + 1, 0, false, null)], out _), Is.False);
    }
}
