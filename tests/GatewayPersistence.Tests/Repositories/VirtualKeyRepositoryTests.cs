using System.Text.RegularExpressions;
using GatewayPersistence.Repositories;

namespace GatewayPersistence.Tests.Repositories;

public partial class VirtualKeyRepositoryTests
{
    [Test]
    public async Task Create_stores_every_field_including_zero_temperature_and_reads_back_by_id_value_and_hash()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var provider = await harness.CreateProviderAsync();
        var model = await harness.Models.CreateAsync(new NewModel { Name = "m", ModelIdentifier = "gpt", ProviderId = provider.Id });

        var created = await harness.VirtualKeys.CreateAsync(new NewVirtualKey
        {
            KeyValue = "vk_abcdefghijklmnop",
            KeyHash = new string('a', 64),
            Name = "team key",
            ProviderId = provider.Id,
            ModelId = model.Id,
            RoutingStrategy = "loadbalance",
            ModelIds = $"[\"{model.Id}\"]",
            RoutingConfig = "{\"weights\":[1]}",
            Enabled = false,
            RateLimit = 60,
            CacheEnabled = true,
            DisableLogging = true,
            DynamicCompressionEnabled = true,
            ImageCompressionEnabled = true,
            InterceptZeroTemperature = true,
            ZeroTemperatureReplacement = 0.7m,
            PiiProtectionEnabled = true,
        });

        Assert.That(created.Id, Has.Length.EqualTo(21));
        Assert.That(created.CreatedAt, Is.EqualTo(RepositoryHarness.Start));
        Assert.That(created.UpdatedAt, Is.EqualTo(RepositoryHarness.Start));

        var byId = await harness.VirtualKeys.GetByIdAsync(created.Id);
        var byValue = await harness.VirtualKeys.GetByKeyValueAsync("vk_abcdefghijklmnop");
        var byHash = await harness.VirtualKeys.GetByKeyHashAsync(new string('a', 64));
        foreach (var read in new[] { byId, byValue, byHash })
        {
            Assert.That(read, Is.Not.Null);
            Assert.That(read!.Id, Is.EqualTo(created.Id));
            Assert.That(read.Name, Is.EqualTo("team key"));
            Assert.That(read.ProviderId, Is.EqualTo(provider.Id));
            Assert.That(read.ModelId, Is.EqualTo(model.Id));
            Assert.That(read.RoutingStrategy, Is.EqualTo("loadbalance"));
            Assert.That(read.ModelIds, Is.EqualTo($"[\"{model.Id}\"]"));
            Assert.That(read.RoutingConfig, Is.EqualTo("{\"weights\":[1]}"));
            Assert.That(read.Enabled, Is.False);
            Assert.That(read.RateLimit, Is.EqualTo(60));
            Assert.That(read.CacheEnabled && read.DisableLogging && read.DynamicCompressionEnabled && read.ImageCompressionEnabled
                && read.InterceptZeroTemperature && read.PiiProtectionEnabled, Is.True);
            Assert.That(read.ZeroTemperatureReplacement, Is.EqualTo(0.70m));
            Assert.That(read.CreatedAt, Is.EqualTo(RepositoryHarness.Start));
        }
    }

    [Test]
    public async Task Lookups_of_absent_keys_return_null()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await harness.CreateKeyAsync("present");
        Assert.That(await harness.VirtualKeys.GetByIdAsync("absent"), Is.Null);
        Assert.That(await harness.VirtualKeys.GetByKeyValueAsync("vk_value_absent"), Is.Null);
        Assert.That(await harness.VirtualKeys.GetByKeyHashAsync("hash_absent"), Is.Null);
        Assert.That(await harness.VirtualKeys.UpdateAsync("absent", new VirtualKeyPatch { Name = "x" }), Is.False);
        Assert.That(await harness.VirtualKeys.DeleteAsync("absent"), Is.False);
    }

    [TestCase("key_value")]
    [TestCase("key_hash")]
    [TestCase("id")]
    public async Task Duplicate_unique_value_raises_typed_exception_naming_the_field_without_the_value(string field)
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var first = new NewVirtualKey { Id = "key-one", KeyValue = "vk_secret_value_1", KeyHash = "secret_hash_1", Name = "one" };
        await harness.VirtualKeys.CreateAsync(first);
        var second = field switch
        {
            "key_value" => first with { Id = "key-two", KeyHash = "secret_hash_2" },
            "key_hash" => first with { Id = "key-two", KeyValue = "vk_secret_value_2" },
            _ => first with { KeyValue = "vk_secret_value_2", KeyHash = "secret_hash_2" },
        };

        var exception = Assert.ThrowsAsync<DuplicateValueException>(() => harness.VirtualKeys.CreateAsync(second));

        Assert.That(exception!.Field, Is.EqualTo(field));
        Assert.That(exception.Table, Is.EqualTo("virtual_keys"));
        RepositoryAssert.DoesNotLeak(exception, "vk_secret_value");
        RepositoryAssert.DoesNotLeak(exception, "secret_hash");
        Assert.That(second.ToString(), Does.Not.Contain("secret"));
    }

    [Test]
    public async Task Unknown_provider_or_model_raises_missing_reference_naming_the_column()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var badProvider = Assert.ThrowsAsync<MissingReferenceException>(() => harness.VirtualKeys.CreateAsync(
            new NewVirtualKey { KeyValue = "vk_1", KeyHash = "h1", Name = "n", ProviderId = "no-such-provider" }));
        Assert.That(badProvider!.Field, Is.EqualTo("provider_id"));
        Assert.That(badProvider.ReferencedTable, Is.EqualTo("providers"));

        var key = await harness.CreateKeyAsync("k");
        var badModel = Assert.ThrowsAsync<MissingReferenceException>(
            () => harness.VirtualKeys.UpdateAsync(key.Id, new VirtualKeyPatch { ModelId = "no-such-model" }));
        Assert.That(badModel!.Field, Is.EqualTo("model_id"));
        RepositoryAssert.DoesNotLeak(badModel, "vk_value_k");
    }

    [Test]
    public async Task Update_writes_only_given_fields_distinguishes_null_and_stamps_updated_at()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var created = await harness.VirtualKeys.CreateAsync(new NewVirtualKey
        {
            KeyValue = "vk_x", KeyHash = "h_x", Name = "before", RateLimit = 10, ZeroTemperatureReplacement = 0.5m, ModelIds = "[]",
        });
        harness.Time.Advance(TimeSpan.FromMinutes(5));

        var updated = await harness.VirtualKeys.UpdateAsync(created.Id, new VirtualKeyPatch
        {
            Name = "after", RateLimit = null, InterceptZeroTemperature = true, ZeroTemperatureReplacement = 1.25m,
        });

        Assert.That(updated, Is.True);
        var read = (await harness.VirtualKeys.GetByIdAsync(created.Id))!;
        Assert.That(read.Name, Is.EqualTo("after"));
        Assert.That(read.RateLimit, Is.Null, "given as null: cleared");
        Assert.That(read.ModelIds, Is.EqualTo("[]"), "not given: kept");
        Assert.That(read.InterceptZeroTemperature, Is.True);
        Assert.That(read.ZeroTemperatureReplacement, Is.EqualTo(1.25m));
        Assert.That(read.KeyValue, Is.EqualTo("vk_x"));
        Assert.That(read.KeyHash, Is.EqualTo("h_x"));
        Assert.That(read.CreatedAt, Is.EqualTo(RepositoryHarness.Start));
        Assert.That(read.UpdatedAt, Is.EqualTo(RepositoryHarness.Start.AddMinutes(5)));
    }

    [Test]
    public async Task Empty_patch_writes_nothing_and_returns_false()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var created = await harness.CreateKeyAsync("k");
        harness.Time.Advance(TimeSpan.FromHours(1));

        Assert.That(await harness.VirtualKeys.UpdateAsync(created.Id, new VirtualKeyPatch()), Is.False);
        Assert.That((await harness.VirtualKeys.GetByIdAsync(created.Id))!.UpdatedAt, Is.EqualTo(RepositoryHarness.Start));
    }

    [Test]
    public async Task Zero_temperature_replacement_out_of_decimal_3_2_range_is_refused_before_the_database()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var exception = Assert.ThrowsAsync<FieldValidationException>(() => harness.VirtualKeys.CreateAsync(
            new NewVirtualKey { KeyValue = "vk_1", KeyHash = "h1", Name = "n", ZeroTemperatureReplacement = 10m }));
        Assert.That(exception!.Field, Is.EqualTo("zero_temperature_replacement"));
        Assert.That(await harness.VirtualKeys.GetAllAsync(), Is.Empty);
    }

    [Test]
    public async Task GetAll_lists_newest_first_then_by_id_and_honours_the_limit_and_delete_removes()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await harness.CreateKeyAsync("b");
        await harness.CreateKeyAsync("a");
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.CreateKeyAsync("c");

        var all = await harness.VirtualKeys.GetAllAsync();
        Assert.That(all.Select(k => k.Id), Is.EqualTo(new[] { "vk-c", "vk-a", "vk-b" }));
        Assert.That((await harness.VirtualKeys.GetAllAsync(limit: 2)).Select(k => k.Id), Is.EqualTo(new[] { "vk-c", "vk-a" }));

        Assert.That(await harness.VirtualKeys.DeleteAsync("vk-a"), Is.True);
        Assert.That(await harness.VirtualKeys.GetByKeyValueAsync("vk_value_a"), Is.Null);
    }

    [Test]
    public async Task Count_by_model_counts_model_id_and_model_ids_once_per_key()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var provider = await harness.CreateProviderAsync();
        var m1 = await harness.Models.CreateAsync(new NewModel { Id = "m1", Name = "one", ModelIdentifier = "one", ProviderId = provider.Id });
        var m2 = await harness.Models.CreateAsync(new NewModel { Id = "m2", Name = "two", ModelIdentifier = "two", ProviderId = provider.Id });
        await harness.CreateKeyAsync("both-ways", modelId: m1.Id, modelIds: "[\"m1\",\"m2\"]"); // m1 twice: counts once
        await harness.CreateKeyAsync("by-id", modelId: m1.Id);
        await harness.CreateKeyAsync("by-list", modelIds: "[\"m2\"]");
        await harness.CreateKeyAsync("broken-json", modelIds: "not json [\"m1\"");
        await harness.CreateKeyAsync("unrelated", modelIds: "[\"m10\"]");

        Assert.That(await harness.VirtualKeys.CountByModelIdAsync("m1"), Is.EqualTo(2));
        Assert.That(await harness.VirtualKeys.CountByModelIdAsync("m2"), Is.EqualTo(2));
        Assert.That(await harness.VirtualKeys.CountByModelIdAsync("m3"), Is.Zero);

        var counts = await harness.VirtualKeys.CountByModelIdsAsync(["m1", "m2", "m3", "m1"]);
        Assert.That(counts, Is.EquivalentTo(new Dictionary<string, int> { ["m1"] = 2, ["m2"] = 2, ["m3"] = 0 }));
        Assert.That(await harness.VirtualKeys.CountByModelIdsAsync([]), Is.Empty);
    }

    [Test]
    public async Task Key_value_and_key_hash_lookups_are_single_seeks_on_their_unique_indexes()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        for (var i = 0; i < 50; i++)
        {
            await harness.CreateKeyAsync($"k{i:D2}");
        }

        await using var context = harness.CreateContext();
        var byValue = await ExplainAsync(harness, VirtualKeyRepository.ByKeyValue(context, "vk_value_k17").ToQueryString());
        var byHash = await ExplainAsync(harness, VirtualKeyRepository.ByKeyHash(context, "hash_k17").ToQueryString());

        Assert.That(byValue.Type, Is.AnyOf("const", "eq_ref", "ref"));
        Assert.That(byValue.Key, Is.AnyOf("key_value", "idx_virtual_keys_value"));
        Assert.That(byValue.Rows, Is.LessThanOrEqualTo(1));
        Assert.That(byHash.Type, Is.AnyOf("const", "eq_ref", "ref"));
        Assert.That(byHash.Key, Is.AnyOf("key_hash", "idx_virtual_keys_hash"));
    }

    /// <summary>
    /// EXPLAINs the SELECT of EF's <c>ToQueryString</c> output with its parameters bound as MySqlConnector binds them at
    /// execution (EF prints them as <c>SET @name = 'value';</c> lines ahead of the query).
    /// </summary>
    private static async Task<(string? Type, string? Key, long Rows)> ExplainAsync(RepositoryHarness harness, string queryString)
    {
        await using var connection = await harness.Database.OpenConnectionAsync();
        await using var command = new MySqlCommand { Connection = connection };
        var select = new List<string>();
        foreach (var line in queryString.Split('\n'))
        {
            var set = SetParameterLine().Match(line);
            if (set.Success)
            {
                command.Parameters.AddWithValue(set.Groups["name"].Value, set.Groups["value"].Value);
            }
            else
            {
                select.Add(line);
            }
        }

        command.CommandText = "EXPLAIN " + string.Join('\n', select).Trim();
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        var type = reader["type"] as string;
        var key = reader["key"] as string;
        var rows = reader["rows"] is DBNull or null ? 0 : Convert.ToInt64(reader["rows"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(await reader.ReadAsync(), Is.False, "one table access");
        return (type, key, rows);
    }

    [GeneratedRegex(@"^SET (?<name>@\w+) = '(?<value>[^'\\]*)';\s*$")]
    private static partial Regex SetParameterLine();
}
