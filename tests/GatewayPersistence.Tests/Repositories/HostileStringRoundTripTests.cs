using System.Reflection;
using GatewayPersistence.Repositories;

namespace GatewayPersistence.Tests.Repositories;

/// <summary>
/// Every string column of every table the repositories write takes a hostile value of its full capacity and gives it
/// back unchanged: VARCHAR(n) n code points, TEXT 65,535 bytes, MEDIUMTEXT 64 KB (more than TEXT could hold).
/// </summary>
public class HostileStringRoundTripTests
{
    private static string Id(string tag) => HostileStrings.OfCharacters(255, tag);

    [Test]
    public async Task Users()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var created = await harness.Users.CreateAsync(new NewUser
        {
            Id = Id("user-"), Username = HostileStrings.OfCharacters(255, "name-"), PasswordHash = HostileStrings.Text("hash-"),
        });
        AssertSameStrings(created, await harness.Users.GetByIdAsync(created.Id));
        AssertSameStrings(created, await harness.Users.GetByUsernameAsync(created.Username));
        Assert.That(await harness.Database.ScalarAsync<long>("SELECT OCTET_LENGTH(password_hash) FROM users"), Is.EqualTo(65_535));
    }

    [Test]
    public async Task Providers_on_create_and_on_update()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var created = await harness.Providers.CreateAsync(new NewProvider
        {
            Id = Id("provider-"), Name = HostileStrings.OfCharacters(255, "name-"), BaseUrl = HostileStrings.Text("url-"),
            ApiKey = HostileStrings.Text("key-"), Description = HostileStrings.Text("description-"),
            ProtocolMappings = HostileStrings.Text("mappings-"), ModelMapping = HostileStrings.Text("model-mapping-"),
        });
        AssertSameStrings(created, await harness.Providers.GetByIdAsync(created.Id));

        var patch = new ProviderPatch
        {
            Name = HostileStrings.OfCharacters(255, "renamed-"), Description = HostileStrings.Text("new-description-"),
            ApiKey = HostileStrings.Text("new-key-"),
        };
        Assert.That(await harness.Providers.UpdateAsync(created.Id, patch), Is.True);
        var updated = (await harness.Providers.GetByIdAsync(created.Id))!;
        Assert.That((updated.Name, updated.Description, updated.ApiKey), Is.EqualTo((patch.Name.Value, patch.Description.Value, patch.ApiKey.Value)));
        Assert.That(updated.BaseUrl, Is.EqualTo(created.BaseUrl));
    }

    [Test]
    public async Task Models_and_virtual_keys()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var provider = await harness.CreateProviderAsync(id: Id("provider-"));
        var model = await harness.Models.CreateAsync(new NewModel
        {
            Id = Id("model-"), Name = HostileStrings.OfCharacters(255, "name-"), ProviderId = provider.Id,
            ModelIdentifier = HostileStrings.OfCharacters(255, "identifier-"), Protocol = HostileStrings.OfCharacters(50, "p-"),
            RoutingConfigId = HostileStrings.OfCharacters(255, "rc-"), ExpertRoutingId = HostileStrings.OfCharacters(255, "er-"),
            ModelAttributes = HostileStrings.Text("attributes-"), CompressionConfig = HostileStrings.Text("compression-"),
        });
        AssertSameStrings(model, await harness.Models.GetByIdAsync(model.Id));
        Assert.That((await harness.Models.GetByRoutingConfigIdAsync(model.RoutingConfigId!)).Single().Id, Is.EqualTo(model.Id));

        var key = await harness.VirtualKeys.CreateAsync(new NewVirtualKey
        {
            Id = Id("key-"), KeyValue = HostileStrings.OfCharacters(255, "value-"), KeyHash = HostileStrings.OfCharacters(255, "hash-"),
            Name = HostileStrings.OfCharacters(255, "name-"), ProviderId = provider.Id, ModelId = model.Id,
            RoutingStrategy = HostileStrings.OfCharacters(50, "s-"), ModelIds = HostileStrings.Text("ids-"),
            RoutingConfig = HostileStrings.Text("routing-"),
        });
        AssertSameStrings(key, await harness.VirtualKeys.GetByIdAsync(key.Id));
        AssertSameStrings(key, await harness.VirtualKeys.GetByKeyValueAsync(key.KeyValue));
        AssertSameStrings(key, await harness.VirtualKeys.GetByKeyHashAsync(key.KeyHash));
    }

    [Test]
    public async Task System_config()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var key = HostileStrings.OfCharacters(255, "key-");
        var value = HostileStrings.Text("value-");
        var description = HostileStrings.Text("description-");
        await harness.SystemConfig.SetAsync(key, value, description);
        var entry = (await harness.SystemConfig.GetAsync(key))!;
        Assert.That((entry.Key, entry.Value, entry.Description), Is.EqualTo((key, value, description)));

        var second = HostileStrings.Text("second-");
        await harness.SystemConfig.SetAsync(key, second);
        Assert.That(await harness.SystemConfig.GetValueAsync(key), Is.EqualTo(second));
        Assert.That((await harness.SystemConfig.GetAsync(key))!.Description, Is.EqualTo(description));
    }

    [Test]
    public async Task Routing_and_expert_routing_configs()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var routing = await harness.RoutingConfigs.CreateAsync(new NewRoutingConfig
        {
            Id = Id("rc-"), Name = HostileStrings.OfCharacters(255, "name-"), Type = HostileStrings.OfCharacters(50, "t-"),
            Config = HostileStrings.Text("config-"), Description = HostileStrings.Text("description-"),
        });
        AssertSameStrings(routing, await harness.RoutingConfigs.GetByIdAsync(routing.Id));

        var expert = await harness.ExpertRoutingConfigs.CreateAsync(new NewExpertRoutingConfig
        {
            Id = Id("er-"), Name = HostileStrings.OfCharacters(255, "name-"), Config = HostileStrings.Text("config-"),
            Description = HostileStrings.Text("description-"),
        });
        AssertSameStrings(expert, await harness.ExpertRoutingConfigs.GetByIdAsync(expert.Id));
    }

    [Test]
    public async Task Expert_routing_logs_including_64_kb_mediumtext()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var key = await harness.VirtualKeys.CreateAsync(new NewVirtualKey { Id = Id("key-"), KeyValue = "v", KeyHash = "h", Name = "n" });
        var log = await harness.ExpertRoutingLogs.CreateAsync(new NewExpertRoutingLog
        {
            Id = Id("log-"), VirtualKeyId = key.Id, ExpertRoutingId = HostileStrings.OfCharacters(255, "er-"),
            RequestHash = HostileStrings.OfCharacters(255, "rh-"), ClassifierModel = HostileStrings.OfCharacters(255, "cm-"),
            ClassificationResult = HostileStrings.OfCharacters(255, "cr-"), SelectedExpertId = HostileStrings.OfCharacters(255, "sei-"),
            SelectedExpertType = HostileStrings.OfCharacters(50, "set-"), SelectedExpertName = HostileStrings.OfCharacters(255, "sen-"),
            OriginalRequest = HostileStrings.MediumText("original-"), ClassifierRequest = HostileStrings.MediumText("request-"),
            ClassifierResponse = HostileStrings.MediumText("response-"), RouteSource = HostileStrings.OfCharacters(50, "rs-"),
        });
        AssertSameStrings(log, await harness.ExpertRoutingLogs.GetByIdAsync(log.Id));
        Assert.That((await harness.ExpertRoutingLogs.GetByConfigAndCategoryAsync(log.ExpertRoutingId, log.ClassificationResult)).Single().Id,
            Is.EqualTo(log.Id));
        Assert.That(await harness.Database.ScalarAsync<long>("SELECT OCTET_LENGTH(original_request) FROM expert_routing_logs"),
            Is.EqualTo((64 * 1024) + 1000));
    }

    [Test]
    public async Task Health_targets_and_runs()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var target = await harness.HealthTargets.CreateAsync(new NewHealthTarget
        {
            Id = Id("target-"), Name = HostileStrings.OfCharacters(255, "name-"), DisplayTitle = HostileStrings.OfCharacters(255, "title-"),
            Type = HealthTargetType.Model, TargetId = HostileStrings.OfCharacters(255, "model-"),
            CheckPrompt = HostileStrings.Text("prompt-"), CheckConfig = HostileStrings.Text("config-"),
        });
        AssertSameStrings(target, await harness.HealthTargets.GetByIdAsync(target.Id));

        var run = await harness.HealthRuns.CreateAsync(new NewHealthRun
        {
            Id = Id("run-"), TargetId = target.Id, Status = HealthRunStatus.Error, LatencyMs = 1,
            ErrorType = HostileStrings.OfCharacters(100, "type-"), ErrorMessage = HostileStrings.Text("message-"),
            RequestId = HostileStrings.OfCharacters(255, "request-"),
        });
        AssertSameStrings(run, await harness.HealthRuns.GetByIdAsync(run.Id));
        Assert.That((await harness.HealthRuns.GetByTargetAsync(target.Id)).Single().Id, Is.EqualTo(run.Id));
    }

    /// <summary>Every string property of <paramref name="actual"/> equals the one written (ordinal, so byte for byte).</summary>
    private static void AssertSameStrings<T>(T expected, T? actual)
        where T : class
    {
        Assert.That(actual, Is.Not.Null);
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(string)))
        {
            var written = (string?)property.GetValue(expected);
            var read = (string?)property.GetValue(actual);
            Assert.That(written, Is.Not.Null.And.Not.Empty, $"{property.Name} should have been given a hostile value");
            Assert.That(string.Equals(read, written, StringComparison.Ordinal), Is.True, $"{typeof(T).Name}.{property.Name} changed on the way");
        }
    }
}
