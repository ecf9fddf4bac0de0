using GatewayPersistence.Repositories;

namespace GatewayPersistence.Tests.Repositories;

/// <summary>Values too long for their column are refused with a typed exception before the database is asked.</summary>
public class ColumnValidationTests
{
    [Test]
    public async Task Varchar_counts_code_points_not_utf16_units()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var fits = string.Concat(Enumerable.Repeat("😀", 255)); // 510 UTF-16 units, 255 characters
        var user = await harness.Users.CreateAsync(new NewUser { Username = fits, PasswordHash = "h" });
        Assert.That((await harness.Users.GetByIdAsync(user.Id))!.Username, Is.EqualTo(fits));

        var exception = Assert.ThrowsAsync<ValueTooLongException>(
            () => harness.Users.CreateAsync(new NewUser { Username = fits + "a", PasswordHash = "h" }));
        Assert.That((exception!.Field, exception.Table, exception.Limit, exception.Unit), Is.EqualTo(("username", "users", 255, "characters")));
        Assert.That(exception.Message, Does.Not.Contain("😀"));
    }

    [Test]
    public async Task Text_is_refused_one_byte_over_65535_on_create_and_on_update()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var tooLong = HostileStrings.OfBytes(65_536);
        var create = Assert.ThrowsAsync<ValueTooLongException>(() => harness.Providers.CreateAsync(
            new NewProvider { Name = "p", BaseUrl = "u", ApiKey = tooLong }));
        Assert.That((create!.Field, create.Limit, create.Unit), Is.EqualTo(("api_key", 65_535, "bytes")));
        RepositoryAssert.DoesNotLeak(create, tooLong[..40]);
        Assert.That(await harness.Providers.GetAllAsync(), Is.Empty);

        var provider = await harness.CreateProviderAsync();
        var update = Assert.ThrowsAsync<ValueTooLongException>(
            () => harness.Providers.UpdateAsync(provider.Id, new ProviderPatch { Name = "renamed", Description = tooLong }));
        Assert.That(update!.Field, Is.EqualTo("description"));
        Assert.That((await harness.Providers.GetByIdAsync(provider.Id))!.Name, Is.EqualTo("upstream"), "nothing written");
    }

    [Test]
    public async Task Mediumtext_is_refused_one_byte_over_16777215()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var exception = Assert.ThrowsAsync<ValueTooLongException>(() => harness.ExpertRoutingLogs.CreateAsync(new NewExpertRoutingLog
        {
            ExpertRoutingId = "e", RequestHash = "r", ClassifierModel = "c", ClassificationResult = "x", SelectedExpertId = "s",
            SelectedExpertType = "t", SelectedExpertName = "n", ClassifierResponse = new string('a', 16_777_216),
        }));
        Assert.That((exception!.Field, exception.Limit), Is.EqualTo(("classifier_response", 16_777_215)));
    }

    [Test]
    public async Task Short_varchar_columns_and_ids_are_checked_too()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var protocol = Assert.ThrowsAsync<ValueTooLongException>(
            () => harness.Models.CreateAsync(new NewModel { Name = "m", ModelIdentifier = "m", Protocol = new string('p', 51) }));
        Assert.That(protocol!.Field, Is.EqualTo("protocol"));
        var id = Assert.ThrowsAsync<ValueTooLongException>(
            () => harness.RoutingConfigs.CreateAsync(new NewRoutingConfig { Id = new string('i', 256), Name = "n", Type = "hash", Config = "{}" }));
        Assert.That(id!.Field, Is.EqualTo("id"));
        var errorType = Assert.ThrowsAsync<ValueTooLongException>(
            () => harness.HealthRuns.CreateAsync(new NewHealthRun { TargetId = "t", Status = HealthRunStatus.Error, LatencyMs = 1, ErrorType = new string('e', 101) }));
        Assert.That(errorType!.Field, Is.EqualTo("error_type"));
        var key = Assert.ThrowsAsync<ValueTooLongException>(() => harness.SystemConfig.SetAsync(new string('k', 256), "v"));
        Assert.That(key!.Field, Is.EqualTo("key"));
    }

    [Test]
    public async Task Required_fields_given_null_are_refused()
    {
        await using var harness = await RepositoryHarness.CreateAsync();
        var exception = Assert.ThrowsAsync<FieldValidationException>(
            () => harness.RoutingConfigs.CreateAsync(new NewRoutingConfig { Name = "n", Type = "hash", Config = null! }));
        Assert.That(exception!.Field, Is.EqualTo("config"));
        Assert.That(exception, Is.Not.InstanceOf<ValueTooLongException>());
    }
}
