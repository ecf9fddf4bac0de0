using GatewayPersistence.Repositories;

namespace GatewayPersistence.Tests.Repositories;

public class RoutingConfigRepositoryTests
{
    [Test]
    public async Task Crud_and_get_enabled()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var first = await harness.RoutingConfigs.CreateAsync(new NewRoutingConfig
        {
            Name = "lb", Type = "loadbalance", Config = "{\"targets\":[]}", Description = "d",
        });
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await harness.RoutingConfigs.CreateAsync(new NewRoutingConfig { Name = "fb", Type = "fallback", Config = "{}", Enabled = false });

        var read = (await harness.RoutingConfigs.GetByIdAsync(first.Id))!;
        Assert.That((read.Name, read.Type, read.Config, read.Description, read.Enabled), Is.EqualTo(("lb", "loadbalance", "{\"targets\":[]}", "d", true)));
        Assert.That((await harness.RoutingConfigs.GetAllAsync()).Select(c => c.Id), Is.EqualTo(new[] { second.Id, first.Id }));
        Assert.That((await harness.RoutingConfigs.GetEnabledAsync()).Select(c => c.Id), Is.EqualTo(new[] { first.Id }));

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await harness.RoutingConfigs.UpdateAsync(second.Id, new RoutingConfigPatch { Enabled = true, Description = "now on" }), Is.True);
        Assert.That(await harness.RoutingConfigs.UpdateAsync(second.Id, new RoutingConfigPatch()), Is.False);
        var updated = (await harness.RoutingConfigs.GetByIdAsync(second.Id))!;
        Assert.That((updated.Enabled, updated.Description, updated.Type), Is.EqualTo((true, "now on", "fallback")));
        Assert.That(updated.UpdatedAt, Is.EqualTo(RepositoryHarness.Start.AddSeconds(2)));

        Assert.That(await harness.RoutingConfigs.DeleteAsync(first.Id), Is.True);
        Assert.That(await harness.RoutingConfigs.GetByIdAsync(first.Id), Is.Null);
        Assert.That(await harness.RoutingConfigs.DeleteAsync(first.Id), Is.False);
        Assert.That(await harness.RoutingConfigs.UpdateAsync(first.Id, new RoutingConfigPatch { Name = "x" }), Is.False);
    }

    [Test]
    public async Task Duplicate_id_raises_typed_exception()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var config = new NewRoutingConfig { Id = "same", Name = "a", Type = "hash", Config = "{}" };
        await harness.RoutingConfigs.CreateAsync(config);
        var exception = Assert.ThrowsAsync<DuplicateValueException>(() => harness.RoutingConfigs.CreateAsync(config));
        Assert.That(exception!.Field, Is.EqualTo("id"));
    }
}
