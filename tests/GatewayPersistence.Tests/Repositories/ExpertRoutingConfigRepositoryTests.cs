using GatewayPersistence.Repositories;

namespace GatewayPersistence.Tests.Repositories;

public class ExpertRoutingConfigRepositoryTests
{
    [Test]
    public async Task Crud_and_get_enabled()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var on = await harness.ExpertRoutingConfigs.CreateAsync(new NewExpertRoutingConfig { Name = "on", Config = "{\"experts\":[]}", Description = "d" });
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var off = await harness.ExpertRoutingConfigs.CreateAsync(new NewExpertRoutingConfig { Name = "off", Config = "{}", Enabled = false });

        var read = (await harness.ExpertRoutingConfigs.GetByIdAsync(on.Id))!;
        Assert.That((read.Name, read.Config, read.Description, read.Enabled), Is.EqualTo(("on", "{\"experts\":[]}", "d", true)));
        Assert.That((await harness.ExpertRoutingConfigs.GetAllAsync()).Select(c => c.Id), Is.EqualTo(new[] { off.Id, on.Id }));
        Assert.That((await harness.ExpertRoutingConfigs.GetEnabledAsync()).Select(c => c.Id), Is.EqualTo(new[] { on.Id }));

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await harness.ExpertRoutingConfigs.UpdateAsync(on.Id, new ExpertRoutingConfigPatch { Config = "{\"v\":2}", Description = null }), Is.True);
        Assert.That(await harness.ExpertRoutingConfigs.UpdateAsync(on.Id, new ExpertRoutingConfigPatch()), Is.False);
        var updated = (await harness.ExpertRoutingConfigs.GetByIdAsync(on.Id))!;
        Assert.That((updated.Config, updated.Description, updated.Name), Is.EqualTo(("{\"v\":2}", (string?)null, "on")));
        Assert.That(updated.UpdatedAt, Is.EqualTo(RepositoryHarness.Start.AddSeconds(2)));

        Assert.That(await harness.ExpertRoutingConfigs.DeleteAsync(on.Id), Is.True);
        Assert.That(await harness.ExpertRoutingConfigs.GetByIdAsync(on.Id), Is.Null);
        Assert.That(await harness.ExpertRoutingConfigs.DeleteAsync(on.Id), Is.False);
    }
}
