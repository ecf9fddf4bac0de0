using System.Net;
using System.Text.Json;

namespace GatewayPersistence.Tests.Host;

/// <summary>POST /v1/chat/completions end to end: the sample host on a real database.</summary>
public sealed class ChatCompletionsTests
{
    private const string ValidKey = "vk_host_tests_valid_key_0001";
    private const string DisabledKey = "vk_host_tests_disabled_key_01";

    private TestDatabase database = null!;
    private GatewayHostFactory factory = null!;
    private HttpClient admin = null!;
    private VirtualKey validKey = null!;

    [OneTimeSetUp]
    public async Task StartHostAsync()
    {
        database = await TestDatabase.CreateMigratedAsync();
        validKey = await HostTestData.AddKeyAsync(database, ValidKey);
        await HostTestData.AddKeyAsync(database, DisabledKey, enabled: false);
        factory = new GatewayHostFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["GatewayHost:SeedDemoData"] = "false",
            ["GatewayHost:MaxRequestBodyBytes"] = "65536",
        });
        admin = await factory.CreateAdminClientAsync();
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        admin.Dispose();
        await factory.DisposeAsync();
        await database.DisposeAsync();
    }

    [TestCase("vk_this_key_does_not_exist")]
    [TestCase(DisabledKey)]
    public async Task Unknown_or_disabled_key_gets_401_with_an_OpenAI_error(string keyValue)
    {
        using var client = factory.CreateClient(keyValue);

        using var response = await client.PostAsync("/v1/chat/completions", HostTestData.Json(HostTestData.ValidChat));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var error = json.RootElement.GetProperty("error");
        Assert.Multiple(() =>
        {
            Assert.That(error.GetProperty("type").GetString(), Is.EqualTo("invalid_request_error"));
            Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("invalid_api_key"));
            Assert.That(error.GetProperty("message").GetString(), Is.Not.Empty);
            Assert.That(body, Does.Not.Contain(keyValue), "the key must not be echoed");
        });
    }

    [Test]
    public async Task Missing_authorization_header_gets_401()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/v1/chat/completions", HostTestData.Json(HostTestData.ValidChat));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Valid_key_gets_a_completion_with_usage_and_the_request_is_logged_with_those_tokens()
    {
        using var client = factory.CreateClient(ValidKey);

        using var response = await client.PostAsync("/v1/chat/completions", HostTestData.Json(HostTestData.ValidChat));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        var id = root.GetProperty("id").GetString()!;
        var usage = root.GetProperty("usage");
        var promptTokens = usage.GetProperty("prompt_tokens").GetInt32();
        var completionTokens = usage.GetProperty("completion_tokens").GetInt32();
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("object").GetString(), Is.EqualTo("chat.completion"));
            Assert.That(root.GetProperty("model").GetString(), Is.EqualTo("demo-echo"));
            Assert.That(root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), Does.Contain("Count these five words"));
            // "Be brief." = 3 tokens, "Count these five words please" = 5, plus 4 per message.
            Assert.That(promptTokens, Is.EqualTo(16));
            Assert.That(completionTokens, Is.GreaterThan(0));
            Assert.That(usage.GetProperty("total_tokens").GetInt32(), Is.EqualTo(promptTokens + completionTokens));
        });

        using var flush = await admin.PostAsync("/admin/flush", content: null);
        Assert.That(flush.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await using var context = database.CreateContext();
        var row = await context.ApiRequests.AsNoTracking().SingleAsync(r => r.Id == id);
        Assert.Multiple(() =>
        {
            Assert.That(row.VirtualKeyId, Is.EqualTo(validKey.Id));
            Assert.That(row.ProviderId, Is.EqualTo(validKey.ProviderId));
            Assert.That(row.Model, Is.EqualTo("demo-echo"));
            Assert.That(row.Status, Is.EqualTo("success"));
            Assert.That(row.PromptTokens, Is.EqualTo(promptTokens));
            Assert.That(row.CompletionTokens, Is.EqualTo(completionTokens));
            Assert.That(row.TotalTokens, Is.EqualTo(promptTokens + completionTokens));
            Assert.That(row.ResponseTime, Is.Not.Null.And.GreaterThanOrEqualTo(0));
            Assert.That(row.RequestBody, Does.Contain("Count these five words"));
            Assert.That(row.RequestType, Is.EqualTo("chat"));
        });
    }

    [TestCase("""{"model":"demo-echo","messages":[{"role":"user","content":"unterminated""", null)]
    [TestCase("""{"messages":[{"role":"user","content":"hi"}]}""", "model")]
    [TestCase("""{"model":"demo-echo"}""", "messages")]
    [TestCase("""{"model":"demo-echo","messages":[]}""", "messages")]
    [TestCase("""{"model":"demo-echo","messages":[{"content":"no role"}]}""", "messages")]
    public async Task Malformed_request_gets_400_with_an_OpenAI_error_and_is_logged_as_an_error(string body, string? param)
    {
        using var client = factory.CreateClient(ValidKey);
        var errorsBefore = await FlushAndCountErrorsAsync(client);

        using var response = await client.PostAsync("/v1/chat/completions", HostTestData.Json(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.GetProperty("error");
        Assert.That(error.GetProperty("type").GetString(), Is.EqualTo("invalid_request_error"));
        if (param is null)
        {
            Assert.That(error.TryGetProperty("param", out _), Is.False);
        }
        else
        {
            Assert.That(error.GetProperty("param").GetString(), Is.EqualTo(param));
        }

        Assert.That(await FlushAndCountErrorsAsync(client), Is.EqualTo(errorsBefore + 1));
    }

    [Test]
    public async Task Body_over_the_configured_limit_gets_413()
    {
        using var client = factory.CreateClient(ValidKey);
        var errorsBefore = await FlushAndCountErrorsAsync(client);
        var padding = new string('a', 70_000);
        var body = $$"""{"model":"demo-echo","messages":[{"role":"user","content":"{{padding}}"}]}""";

        using var response = await client.PostAsync("/v1/chat/completions", HostTestData.Json(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(json.RootElement.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("request_too_large"));
        Assert.That(await FlushAndCountErrorsAsync(client), Is.EqualTo(errorsBefore + 1), "logged as an error row, without the body");
    }

    /// <summary>Flushes the request log through the host, then counts the error rows in the database.</summary>
    private async Task<int> FlushAndCountErrorsAsync(HttpClient client)
    {
        using (var flush = await admin.PostAsync("/admin/flush", content: null))
        {
            Assert.That(flush.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await using var context = database.CreateContext();
        return await context.ApiRequests.CountAsync(r => r.Status == "error");
    }
}
