using GatewayPersistence.Repositories;

namespace GatewayPersistence.Tests.Repositories;

public class HealthRunRepositoryTests
{
    private static NewHealthRun Run(string target, HealthRunStatus status, int latency, string? id = null)
        => new() { Id = id, TargetId = target, Status = status, LatencyMs = latency };

    [Test]
    public async Task Create_and_reads_by_id_target_and_window()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await harness.HealthTargets.CreateAsync(new NewHealthTarget { Id = "t", Name = "t", Type = HealthTargetType.Model, TargetId = "m" });
        var created = await harness.HealthRuns.CreateAsync(Run("t", HealthRunStatus.Error, 500, "r1") with
        {
            ErrorType = "timeout", ErrorMessage = "took too long", RequestId = "req-1",
        });
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.HealthRuns.CreateAsync(Run("t", HealthRunStatus.Success, 100, "r2"));
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.HealthRuns.CreateAsync(Run("t", HealthRunStatus.Success, 120, "r3"));

        var read = (await harness.HealthRuns.GetByIdAsync("r1"))!;
        Assert.That((read.Status, read.LatencyMs, read.ErrorType, read.ErrorMessage, read.RequestId, read.CreatedAt),
            Is.EqualTo((HealthRunStatus.Error, 500, "timeout", "took too long", "req-1", RepositoryHarness.Start)));
        Assert.That(created.CreatedAt, Is.EqualTo(RepositoryHarness.Start));
        Assert.That((await harness.HealthRuns.GetByTargetAsync("t")).Select(r => r.Id), Is.EqualTo(new[] { "r3", "r2", "r1" }));
        Assert.That((await harness.HealthRuns.GetByTargetAsync("t", limit: 2)).Select(r => r.Id), Is.EqualTo(new[] { "r3", "r2" }));
        Assert.That((await harness.HealthRuns.GetAllAsync()).Select(r => r.Id), Is.EqualTo(new[] { "r3", "r2", "r1" }));
        var window = await harness.HealthRuns.GetByTargetInWindowAsync("t", RepositoryHarness.Start, RepositoryHarness.Start.AddMinutes(1));
        Assert.That(window.Select(r => r.Id), Is.EqualTo(new[] { "r1", "r2" }), "oldest first, both ends inclusive");
        Assert.That(await harness.HealthRuns.GetByIdAsync("absent"), Is.Null);
        Assert.That(await harness.HealthRuns.DeleteAsync("r1"), Is.True);
        Assert.That(await harness.HealthRuns.DeleteAsync("r1"), Is.False);
    }

    [Test]
    public async Task Unknown_target_raises_missing_reference()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var exception = Assert.ThrowsAsync<MissingReferenceException>(() => harness.HealthRuns.CreateAsync(Run("ghost", HealthRunStatus.Success, 1)));
        Assert.That(exception!.Field, Is.EqualTo("target_id"));
        Assert.That(exception.ReferencedTable, Is.EqualTo("health_targets"));
    }

    [Test]
    public async Task Stats_count_outcomes_and_latency_within_the_window()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await harness.HealthTargets.CreateAsync(new NewHealthTarget { Id = "t", Name = "t", Type = HealthTargetType.Model, TargetId = "m" });
        await harness.HealthTargets.CreateAsync(new NewHealthTarget { Id = "u", Name = "u", Type = HealthTargetType.Model, TargetId = "m" });
        await harness.HealthRuns.CreateAsync(Run("t", HealthRunStatus.Success, 9999)); // before the window
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var since = harness.Time.Now;
        await harness.HealthRuns.CreateAsync(Run("t", HealthRunStatus.Success, 100));
        await harness.HealthRuns.CreateAsync(Run("t", HealthRunStatus.Success, 200));
        await harness.HealthRuns.CreateAsync(Run("t", HealthRunStatus.Error, 600));
        await harness.HealthRuns.CreateAsync(Run("u", HealthRunStatus.Error, 1));
        var until = harness.Time.Now;

        Assert.That(await harness.HealthRuns.GetStatsAsync("t", since, until), Is.EqualTo(new HealthRunStats(3, 2, 1, 300, 100, 600)));
        Assert.That(await harness.HealthRuns.GetStatsAsync("t", until.AddSeconds(1), until.AddDays(1)), Is.EqualTo(new HealthRunStats(0, 0, 0, null, null, null)));
    }

    [Test]
    public async Task Deleting_a_target_deletes_its_runs()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await harness.HealthTargets.CreateAsync(new NewHealthTarget { Id = "t", Name = "t", Type = HealthTargetType.Model, TargetId = "m" });
        await harness.HealthTargets.CreateAsync(new NewHealthTarget { Id = "u", Name = "u", Type = HealthTargetType.Model, TargetId = "m" });
        await harness.HealthRuns.CreateAsync(Run("t", HealthRunStatus.Success, 1, "r-t"));
        await harness.HealthRuns.CreateAsync(Run("u", HealthRunStatus.Success, 1, "r-u"));

        Assert.That(await harness.HealthTargets.DeleteAsync("t"), Is.True);

        Assert.That(await harness.HealthRuns.GetByIdAsync("r-t"), Is.Null);
        Assert.That(await harness.HealthRuns.GetByIdAsync("r-u"), Is.Not.Null);
    }

    [Test]
    public async Task Clean_deletes_12000_old_runs_in_chunks_and_keeps_newer_ones()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await harness.HealthTargets.CreateAsync(new NewHealthTarget { Id = "t", Name = "t", Type = HealthTargetType.Model, TargetId = "m" });
        var old = RepositoryHarness.Start.AddDays(-7).AddMilliseconds(-1).ToUnixTimeMilliseconds();
        await harness.Database.ExecuteAsync(
            "INSERT INTO health_runs (id, target_id, status, latency_ms, created_at) "
            + $"SELECT CONCAT('old-', numbers.n), 't', 'success', 10, {old} - numbers.n FROM {BulkRows.Numbers(12_000)}");
        var boundary = RepositoryHarness.Start.AddDays(-7).ToUnixTimeMilliseconds();
        await harness.Database.ExecuteAsync(
            "INSERT INTO health_runs (id, target_id, status, latency_ms, created_at) "
            + $"SELECT CONCAT('new-', numbers.n), 't', 'error', 10, {boundary} + numbers.n FROM {BulkRows.Numbers(25)}");

        var deleted = await harness.HealthRuns.CleanOldRecordsAsync();

        Assert.That(deleted, Is.EqualTo(12_000));
        Assert.That(await harness.Database.ScalarAsync<long>("SELECT COUNT(*) FROM health_runs"), Is.EqualTo(25));
        Assert.That(await harness.Database.ScalarAsync<long>("SELECT COUNT(*) FROM health_runs WHERE id LIKE 'old-%'"), Is.Zero);
        Assert.That(harness.HealthRunLogger.Messages, Has.One.Contains("12000").And.Contains("in 3 statements"));
        Assert.That(await harness.HealthRuns.CleanOldRecordsAsync(), Is.Zero);
    }
}
