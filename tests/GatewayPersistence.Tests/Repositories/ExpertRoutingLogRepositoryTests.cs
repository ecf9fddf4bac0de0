using GatewayPersistence.Repositories;

namespace GatewayPersistence.Tests.Repositories;

public class ExpertRoutingLogRepositoryTests
{
    private static NewExpertRoutingLog Log(string config, string category, int? time, string? id = null, string? virtualKeyId = null) => new()
    {
        Id = id,
        ExpertRoutingId = config,
        RequestHash = "hash",
        ClassifierModel = "classifier",
        ClassificationResult = category,
        SelectedExpertId = "expert-1",
        SelectedExpertType = "model",
        SelectedExpertName = "Expert",
        ClassificationTime = time,
        VirtualKeyId = virtualKeyId,
    };

    [Test]
    public async Task Create_and_reads_by_id_config_and_category_newest_first()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var key = await harness.CreateKeyAsync("k");
        var full = await harness.ExpertRoutingLogs.CreateAsync(Log("cfg", "code", 120, "l1", key.Id) with
        {
            OriginalRequest = "orig", ClassifierRequest = "creq", ClassifierResponse = "cresp", RouteSource = "llm",
            PromptTokens = 42, CleanedContentLength = 7,
        });
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.ExpertRoutingLogs.CreateAsync(Log("cfg", "chat", 80, "l2"));
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.ExpertRoutingLogs.CreateAsync(Log("cfg", "code", 100, "l3"));
        await harness.ExpertRoutingLogs.CreateAsync(Log("other", "code", 100, "l4"));

        var read = (await harness.ExpertRoutingLogs.GetByIdAsync("l1"))!;
        Assert.That((read.OriginalRequest, read.ClassifierRequest, read.ClassifierResponse, read.RouteSource, read.PromptTokens, read.CleanedContentLength),
            Is.EqualTo(("orig", "creq", "cresp", "llm", (int?)42, (int?)7)));
        Assert.That((read.VirtualKeyId, read.ClassificationTime, read.CreatedAt), Is.EqualTo((key.Id, (int?)120, RepositoryHarness.Start)));
        Assert.That(full.CreatedAt, Is.EqualTo(RepositoryHarness.Start));
        Assert.That((await harness.ExpertRoutingLogs.GetByConfigIdAsync("cfg")).Select(l => l.Id), Is.EqualTo(new[] { "l3", "l2", "l1" }));
        Assert.That((await harness.ExpertRoutingLogs.GetByConfigIdAsync("cfg", limit: 1)).Select(l => l.Id), Is.EqualTo(new[] { "l3" }));
        Assert.That((await harness.ExpertRoutingLogs.GetByConfigAndCategoryAsync("cfg", "code")).Select(l => l.Id), Is.EqualTo(new[] { "l3", "l1" }));
        Assert.That((await harness.ExpertRoutingLogs.GetAllAsync()).Select(l => l.Id), Is.EqualTo(new[] { "l3", "l4", "l2", "l1" }));
        Assert.That(await harness.ExpertRoutingLogs.GetByIdAsync("absent"), Is.Null);
        Assert.That(await harness.ExpertRoutingLogs.DeleteAsync("l4"), Is.True);
        Assert.That(await harness.ExpertRoutingLogs.DeleteAsync("l4"), Is.False);
    }

    [Test]
    public async Task Unknown_virtual_key_raises_missing_reference_and_deleting_the_key_keeps_the_log()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var exception = Assert.ThrowsAsync<MissingReferenceException>(() => harness.ExpertRoutingLogs.CreateAsync(Log("cfg", "c", 1, virtualKeyId: "ghost")));
        Assert.That(exception!.Field, Is.EqualTo("virtual_key_id"));

        var key = await harness.CreateKeyAsync("k");
        await harness.ExpertRoutingLogs.CreateAsync(Log("cfg", "c", 1, "l1", key.Id));
        await harness.VirtualKeys.DeleteAsync(key.Id);
        Assert.That((await harness.ExpertRoutingLogs.GetByIdAsync("l1"))!.VirtualKeyId, Is.Null);
    }

    [Test]
    public async Task Category_stats_count_and_average_per_category_optionally_within_a_window()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await harness.ExpertRoutingLogs.CreateAsync(Log("cfg", "code", 100));
        await harness.ExpertRoutingLogs.CreateAsync(Log("cfg", "code", 200));
        await harness.ExpertRoutingLogs.CreateAsync(Log("cfg", "chat", null));
        await harness.ExpertRoutingLogs.CreateAsync(Log("other", "code", 1000));
        harness.Time.Advance(TimeSpan.FromHours(2));
        await harness.ExpertRoutingLogs.CreateAsync(Log("cfg", "chat", 50));
        harness.Time.Advance(TimeSpan.FromMinutes(30));

        var all = await harness.ExpertRoutingLogs.GetCategoryStatsAsync("cfg");
        Assert.That(all, Is.EqualTo(new[]
        {
            new ExpertRoutingCategoryStats("chat", 2, 50),
            new ExpertRoutingCategoryStats("code", 2, 150),
        }));

        var lastHour = await harness.ExpertRoutingLogs.GetCategoryStatsAsync("cfg", TimeSpan.FromHours(1));
        Assert.That(lastHour, Is.EqualTo(new[] { new ExpertRoutingCategoryStats("chat", 1, 50) }));
        Assert.That(await harness.ExpertRoutingLogs.GetCategoryStatsAsync("none"), Is.Empty);
    }

    [Test]
    public async Task Global_stats_since_a_time()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await harness.ExpertRoutingLogs.CreateAsync(Log("a", "x", 1000));
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var since = harness.Time.Now;
        await harness.ExpertRoutingLogs.CreateAsync(Log("a", "x", 100));
        await harness.ExpertRoutingLogs.CreateAsync(Log("b", "y", 300));
        await harness.ExpertRoutingLogs.CreateAsync(Log("b", "y", null));

        Assert.That(await harness.ExpertRoutingLogs.GetGlobalStatsAsync(since), Is.EqualTo(new ExpertRoutingGlobalStats(3, 200)));
        Assert.That(await harness.ExpertRoutingLogs.GetGlobalStatsAsync(since.AddDays(1)), Is.EqualTo(new ExpertRoutingGlobalStats(0, null)));
    }
}
