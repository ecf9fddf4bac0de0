using GatewayPersistence.Repositories;

namespace GatewayPersistence.Tests.Repositories;

public class ModelRepositoryTests
{
    [Test]
    public async Task Filters_by_provider_enabled_virtual_routing_config_and_expert_routing_and_counts_by_provider()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var p1 = await harness.CreateProviderAsync("p1");
        var p2 = await harness.CreateProviderAsync("p2");
        var plain = await harness.Models.CreateAsync(new NewModel { Id = "plain", Name = "plain", ModelIdentifier = "x", ProviderId = p1.Id, Protocol = "openai" });
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var disabled = await harness.Models.CreateAsync(new NewModel { Id = "disabled", Name = "d", ModelIdentifier = "x", ProviderId = p1.Id, Enabled = false });
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var routed = await harness.Models.CreateAsync(new NewModel { Id = "routed", Name = "r", ModelIdentifier = "x", IsVirtual = true, RoutingConfigId = "rc1" });
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var expert = await harness.Models.CreateAsync(new NewModel
        {
            Id = "expert", Name = "e", ModelIdentifier = "x", ProviderId = p2.Id, IsVirtual = true, ExpertRoutingId = "er1",
            ModelAttributes = "{\"context\":8192}", CompressionConfig = "{\"on\":true}",
        });

        Assert.That((await harness.Models.GetAllAsync()).Select(m => m.Id), Is.EqualTo(new[] { "expert", "routed", "disabled", "plain" }));
        Assert.That((await harness.Models.GetByProviderAsync(p1.Id)).Select(m => m.Id), Is.EqualTo(new[] { "disabled", "plain" }));
        Assert.That((await harness.Models.GetEnabledAsync()).Select(m => m.Id), Is.EqualTo(new[] { "expert", "routed", "plain" }));
        Assert.That((await harness.Models.GetVirtualAsync()).Select(m => m.Id), Is.EqualTo(new[] { "expert", "routed" }));
        Assert.That((await harness.Models.GetByRoutingConfigIdAsync("rc1")).Select(m => m.Id), Is.EqualTo(new[] { routed.Id }));
        Assert.That((await harness.Models.GetByExpertRoutingIdAsync("er1")).Select(m => m.Id), Is.EqualTo(new[] { expert.Id }));
        Assert.That(await harness.Models.CountByProviderIdAsync(p1.Id), Is.EqualTo(2));
        Assert.That(await harness.Models.CountByProviderIdAsync("none"), Is.Zero);
        var read = (await harness.Models.GetByIdAsync("expert"))!;
        Assert.That((read.ModelAttributes, read.CompressionConfig, read.ExpertRoutingId), Is.EqualTo(("{\"context\":8192}", "{\"on\":true}", "er1")));
        Assert.That((await harness.Models.GetByIdAsync(plain.Id))!.Protocol, Is.EqualTo("openai"));
        Assert.That(disabled.Enabled, Is.False);
        Assert.That(await harness.Models.GetByIdAsync("absent"), Is.Null);
    }

    [Test]
    public async Task Unknown_provider_raises_missing_reference_on_create_and_update()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var created = Assert.ThrowsAsync<MissingReferenceException>(
            () => harness.Models.CreateAsync(new NewModel { Name = "m", ModelIdentifier = "m", ProviderId = "ghost" }));
        Assert.That(created!.Field, Is.EqualTo("provider_id"));
        Assert.That(created.Table, Is.EqualTo("models"));

        var model = await harness.Models.CreateAsync(new NewModel { Name = "m", ModelIdentifier = "m" });
        var updated = Assert.ThrowsAsync<MissingReferenceException>(
            () => harness.Models.UpdateAsync(model.Id, new ModelPatch { ProviderId = "ghost" }));
        Assert.That(updated!.Field, Is.EqualTo("provider_id"));
    }

    [Test]
    public async Task Update_patches_and_delete_unbinds_keys()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var model = await harness.Models.CreateAsync(new NewModel { Name = "m", ModelIdentifier = "m", RoutingConfigId = "rc" });
        var key = await harness.CreateKeyAsync("k", modelId: model.Id);
        harness.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.That(await harness.Models.UpdateAsync(model.Id, new ModelPatch { Name = "renamed", RoutingConfigId = null, IsVirtual = true }), Is.True);
        var read = (await harness.Models.GetByIdAsync(model.Id))!;
        Assert.That((read.Name, read.RoutingConfigId, read.IsVirtual, read.ModelIdentifier), Is.EqualTo(("renamed", (string?)null, true, "m")));
        Assert.That(read.UpdatedAt, Is.EqualTo(RepositoryHarness.Start.AddMinutes(1)));
        Assert.That(await harness.Models.UpdateAsync(model.Id, new ModelPatch()), Is.False);

        Assert.That(await harness.Models.DeleteAsync(model.Id), Is.True);
        Assert.That((await harness.VirtualKeys.GetByIdAsync(key.Id))!.ModelId, Is.Null);
        Assert.That(await harness.Models.DeleteAsync(model.Id), Is.False);
    }
}
