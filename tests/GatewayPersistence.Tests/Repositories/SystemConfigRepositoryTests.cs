using GatewayPersistence.Repositories;

namespace GatewayPersistence.Tests.Repositories;

public class SystemConfigRepositoryTests
{
    [Test]
    public async Task Set_inserts_then_updates_keeping_a_description_not_given()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await harness.SystemConfig.SetAsync("allow_registration", "true", "Whether sign-up is open");
        harness.Time.Advance(TimeSpan.FromMinutes(2));

        await harness.SystemConfig.SetAsync("allow_registration", "false");

        var entry = (await harness.SystemConfig.GetAsync("allow_registration"))!;
        Assert.That(entry.Value, Is.EqualTo("false"));
        Assert.That(entry.Description, Is.EqualTo("Whether sign-up is open"));
        Assert.That(entry.UpdatedAt, Is.EqualTo(RepositoryHarness.Start.AddMinutes(2)));
        Assert.That(await harness.Database.ScalarAsync<long>("SELECT COUNT(*) FROM system_config"), Is.EqualTo(1));
    }

    [Test]
    public async Task Set_with_a_description_given_replaces_or_clears_it()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await harness.SystemConfig.SetAsync("k", "1", "first");
        await harness.SystemConfig.SetAsync("k", "2", "second");
        Assert.That((await harness.SystemConfig.GetAsync("k"))!.Description, Is.EqualTo("second"));
        await harness.SystemConfig.SetAsync("k", "3", null);
        Assert.That((await harness.SystemConfig.GetAsync("k"))!.Description, Is.Null);
        await harness.SystemConfig.SetAsync("new", "v");
        Assert.That((await harness.SystemConfig.GetAsync("new"))!.Description, Is.Null);
    }

    [Test]
    public async Task Get_value_get_all_and_delete()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await harness.SystemConfig.SetAsync("b", "2");
        await harness.SystemConfig.SetAsync("a", "1");

        Assert.That(await harness.SystemConfig.GetValueAsync("a"), Is.EqualTo("1"));
        Assert.That(await harness.SystemConfig.GetValueAsync("missing"), Is.Null);
        Assert.That(await harness.SystemConfig.GetAsync("missing"), Is.Null);
        Assert.That((await harness.SystemConfig.GetAllAsync()).Select(e => e.Key), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(await harness.SystemConfig.DeleteAsync("a"), Is.True);
        Assert.That(await harness.SystemConfig.DeleteAsync("a"), Is.False);
        Assert.That(await harness.SystemConfig.GetValueAsync("a"), Is.Null);
    }

    [Test]
    public async Task Concurrent_first_sets_of_one_key_never_fail_and_leave_one_row()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => harness.SystemConfig.SetAsync("race", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.That(await harness.Database.ScalarAsync<long>("SELECT COUNT(*) FROM system_config WHERE `key` = 'race'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Oversized_value_is_refused_before_the_database()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var exception = Assert.ThrowsAsync<ValueTooLongException>(() => harness.SystemConfig.SetAsync("k", new string('x', 65_536)));
        Assert.That(exception!.Field, Is.EqualTo("value"));
        Assert.That(exception.Limit, Is.EqualTo(65_535));
        Assert.That(await harness.SystemConfig.GetAsync("k"), Is.Null);
    }
}
