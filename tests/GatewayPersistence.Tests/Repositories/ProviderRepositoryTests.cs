using GatewayPersistence.Repositories;

namespace GatewayPersistence.Tests.Repositories;

public class ProviderRepositoryTests
{
    [Test]
    public async Task Create_stores_every_field_and_get_enabled_filters()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var created = await harness.Providers.CreateAsync(new NewProvider
        {
            Name = "openai", BaseUrl = "https://api.openai.test", ApiKey = "iv:cipher", Description = "d",
            ProtocolMappings = "{\"chat\":\"/v1\"}", ModelMapping = "{\"a\":\"b\"}", Enabled = false,
        });
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var enabled = await harness.CreateProviderAsync("enabled");

        var read = (await harness.Providers.GetByIdAsync(created.Id))!;
        Assert.That((read.Name, read.BaseUrl, read.ApiKey, read.Description, read.ProtocolMappings, read.ModelMapping, read.Enabled),
            Is.EqualTo(("openai", "https://api.openai.test", "iv:cipher", "d", "{\"chat\":\"/v1\"}", "{\"a\":\"b\"}", false)));
        Assert.That((await harness.Providers.GetEnabledAsync()).Select(p => p.Id), Is.EqualTo(new[] { enabled.Id }));
        Assert.That((await harness.Providers.GetAllAsync()).Select(p => p.Id), Is.EqualTo(new[] { enabled.Id, created.Id }));
        Assert.That(await harness.Providers.GetByIdAsync("absent"), Is.Null);
    }

    [Test]
    public async Task Update_sets_null_when_given_null_and_keeps_fields_not_given()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var created = await harness.Providers.CreateAsync(new NewProvider
        {
            Name = "p", BaseUrl = "https://x", ApiKey = "k1", Description = "keep me?", ModelMapping = "{}",
        });
        harness.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.That(await harness.Providers.UpdateAsync(created.Id, new ProviderPatch { Description = null, ApiKey = "k2", Enabled = false }), Is.True);

        var read = (await harness.Providers.GetByIdAsync(created.Id))!;
        Assert.That(read.Description, Is.Null);
        Assert.That(read.ModelMapping, Is.EqualTo("{}"));
        Assert.That(read.ApiKey, Is.EqualTo("k2"));
        Assert.That(read.Enabled, Is.False);
        Assert.That(read.UpdatedAt, Is.EqualTo(RepositoryHarness.Start.AddSeconds(30)));
        Assert.That(await harness.Providers.UpdateAsync(created.Id, new ProviderPatch()), Is.False);
        Assert.That(await harness.Providers.UpdateAsync("absent", new ProviderPatch { Name = "x" }), Is.False);
    }

    [Test]
    public async Task Deleting_a_provider_deletes_its_models_and_nulls_references_from_keys_and_requests()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var provider = await harness.CreateProviderAsync("doomed");
        var survivor = await harness.CreateProviderAsync("survivor");
        var model = await harness.Models.CreateAsync(new NewModel { Name = "m", ModelIdentifier = "m", ProviderId = provider.Id });
        var otherModel = await harness.Models.CreateAsync(new NewModel { Name = "o", ModelIdentifier = "o", ProviderId = survivor.Id });
        var key = await harness.VirtualKeys.CreateAsync(new NewVirtualKey
        {
            KeyValue = "vk_1", KeyHash = "h1", Name = "k", ProviderId = provider.Id, ModelId = model.Id,
        });
        await harness.AddApiRequestsAsync(new ApiRequest
        {
            Id = "r1", ProviderId = provider.Id, VirtualKeyId = key.Id, Status = "success", CreatedAt = RepositoryHarness.Start,
        });

        Assert.That(await harness.Providers.DeleteAsync(provider.Id), Is.True);

        Assert.That(await harness.Providers.GetByIdAsync(provider.Id), Is.Null);
        Assert.That(await harness.Models.GetByIdAsync(model.Id), Is.Null, "models cascade");
        Assert.That(await harness.Models.GetByIdAsync(otherModel.Id), Is.Not.Null);
        var keyAfter = (await harness.VirtualKeys.GetByIdAsync(key.Id))!;
        Assert.That(keyAfter.ProviderId, Is.Null, "virtual_keys.provider_id set null");
        Assert.That(keyAfter.ModelId, Is.Null, "its model went with the provider");
        var request = (await harness.ApiRequests.GetByIdAsync("r1"))!;
        Assert.That(request.ProviderId, Is.Null, "api_requests.provider_id set null");
        Assert.That(request.VirtualKeyId, Is.EqualTo(key.Id));
        Assert.That(await harness.Providers.DeleteAsync(provider.Id), Is.False);
    }

    [Test]
    public void Record_text_leaves_out_the_api_key()
    {
        var provider = new NewProvider { Name = "p", BaseUrl = "https://x", ApiKey = "iv:topsecret" };
        Assert.That(provider.ToString(), Does.Contain("https://x").And.Not.Contain("topsecret"));
        Assert.That(new ProviderPatch { ApiKey = "iv:topsecret" }.ToString(), Does.Not.Contain("topsecret"));
    }
}
