using GatewayPersistence.Repositories;

namespace GatewayPersistence.Tests.Repositories;

public class HealthTargetRepositoryTests
{
    private static NewHealthTarget Target(string id, bool enabled = true, int? interval = 300) => new()
    {
        Id = id, Name = id, Type = HealthTargetType.Model, TargetId = "model-" + id, Enabled = enabled, CheckIntervalSeconds = interval,
    };

    [Test]
    public async Task Crud_get_enabled_and_every_field()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var full = await harness.HealthTargets.CreateAsync(new NewHealthTarget
        {
            Id = "t1", Name = "gpt", DisplayTitle = "GPT", Type = HealthTargetType.VirtualModel, TargetId = "m1",
            CheckIntervalSeconds = 60, CheckPrompt = "ping", CheckConfig = "{\"timeout\":5}",
        });
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.HealthTargets.CreateAsync(Target("t2", enabled: false));

        var read = (await harness.HealthTargets.GetByIdAsync("t1"))!;
        Assert.That((read.Name, read.DisplayTitle, read.Type, read.TargetId, read.CheckIntervalSeconds, read.CheckPrompt, read.CheckConfig),
            Is.EqualTo(("gpt", "GPT", HealthTargetType.VirtualModel, "m1", (int?)60, "ping", "{\"timeout\":5}")));
        Assert.That(full.CreatedAt, Is.EqualTo(RepositoryHarness.Start));
        Assert.That((await harness.HealthTargets.GetAllAsync()).Select(t => t.Id), Is.EqualTo(new[] { "t2", "t1" }));
        Assert.That((await harness.HealthTargets.GetEnabledAsync()).Select(t => t.Id), Is.EqualTo(new[] { "t1" }));

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await harness.HealthTargets.UpdateAsync("t1", new HealthTargetPatch { Type = HealthTargetType.Model, DisplayTitle = null }), Is.True);
        Assert.That(await harness.HealthTargets.UpdateAsync("t1", new HealthTargetPatch()), Is.False);
        var updated = (await harness.HealthTargets.GetByIdAsync("t1"))!;
        Assert.That((updated.Type, updated.DisplayTitle, updated.CheckPrompt), Is.EqualTo((HealthTargetType.Model, (string?)null, "ping")));
        Assert.That(updated.UpdatedAt, Is.EqualTo(RepositoryHarness.Start.AddSeconds(2)));

        Assert.That(await harness.HealthTargets.GetByIdAsync("absent"), Is.Null);
        Assert.That(await harness.HealthTargets.UpdateAsync("absent", new HealthTargetPatch { Name = "x" }), Is.False);
        Assert.That(await harness.HealthTargets.DeleteAsync("t2"), Is.True);
        Assert.That(await harness.HealthTargets.DeleteAsync("t2"), Is.False);
    }

    [Test]
    public async Task Due_targets_respect_the_interval_boundary_the_newest_run_and_enabled()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await harness.HealthTargets.CreateAsync(Target("never-run"));
        await harness.HealthTargets.CreateAsync(Target("just-under"));
        await harness.HealthTargets.CreateAsync(Target("exactly"));
        await harness.HealthTargets.CreateAsync(Target("disabled", enabled: false));
        await harness.HealthTargets.CreateAsync(Target("recent-after-old"));
        await harness.HealthTargets.CreateAsync(Target("null-interval", interval: null));
        await harness.HealthTargets.CreateAsync(Target("short-interval", interval: 10));
        var now = RepositoryHarness.Start.AddHours(1);

        await RunAtAsync(harness, "just-under", now.AddSeconds(-300).AddMilliseconds(1));
        await RunAtAsync(harness, "exactly", now.AddSeconds(-300));
        await RunAtAsync(harness, "recent-after-old", now.AddDays(-1));
        await RunAtAsync(harness, "recent-after-old", now.AddSeconds(-5));
        await RunAtAsync(harness, "null-interval", now.AddSeconds(-299));
        await RunAtAsync(harness, "short-interval", now.AddSeconds(-10));

        var due = (await harness.HealthTargets.GetDueTargetsAsync(now)).Select(t => t.Id);

        Assert.That(due, Is.EquivalentTo(new[] { "never-run", "exactly", "short-interval" }));
        var later = (await harness.HealthTargets.GetDueTargetsAsync(now.AddMilliseconds(1))).Select(t => t.Id);
        Assert.That(later, Is.EquivalentTo(new[] { "never-run", "exactly", "short-interval", "just-under" }));
    }

    [Test]
    public async Task Due_target_query_finds_the_newest_run_through_the_target_created_at_index()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await harness.HealthTargets.CreateAsync(Target("t"));
        for (var i = 0; i < 20; i++)
        {
            await RunAtAsync(harness, "t", RepositoryHarness.Start.AddMinutes(i));
        }

        await using var context = harness.CreateContext();
        var sql = HealthTargetRepository.DueTargets(context, RepositoryHarness.Start).ToQueryString();
        var select = string.Join('\n', sql.Split('\n').Where(line => !line.StartsWith("SET ", StringComparison.Ordinal)));
        await using var connection = await harness.Database.OpenConnectionAsync();
        await using var command = new MySqlCommand("EXPLAIN " + select, connection);
        command.Parameters.AddWithValue("@now", RepositoryHarness.Start.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync();
        var runAccess = new List<(string? Type, string? Key)>();
        while (await reader.ReadAsync())
        {
            if (reader["table"] as string == "r")
            {
                runAccess.Add((reader["type"] as string, reader["key"] as string));
            }
        }

        Assert.That(runAccess, Is.EqualTo(new[] { ("ref", "idx_health_runs_target_created_at") }));
    }

    private static async Task RunAtAsync(RepositoryHarness harness, string targetId, DateTimeOffset at)
    {
        harness.Time.Now = at;
        await harness.HealthRuns.CreateAsync(new NewHealthRun { TargetId = targetId, Status = HealthRunStatus.Success, LatencyMs = 10 });
    }
}
