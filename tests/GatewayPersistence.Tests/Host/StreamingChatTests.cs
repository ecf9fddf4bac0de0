using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace GatewayPersistence.Tests.Host;

/// <summary>
/// <c>stream: true</c> against the sample host: the official OpenAI .NET client streams the answer with its usage, the
/// wire format is OpenAI's (server-sent <c>chat.completion.chunk</c> events, <c>data: [DONE]</c>), and the logged row
/// carries created_at at the request's start, tffb_ms, tfft_ms and the assembled text; a client that leaves mid-stream
/// leaves an error row saying so.
/// </summary>
public sealed class StreamingChatTests
{
    private const string KeyValue = "vk_streaming_tests_key_00001";

    private TestDatabase database = null!;
    private GatewayHostFactory factory = null!;
    private Uri address = null!;
    private VirtualKey key = null!;

    [OneTimeSetUp]
    public async Task StartHostAsync()
    {
        database = await TestDatabase.CreateMigratedAsync();
        key = await HostTestData.AddKeyAsync(database, KeyValue);
        factory = new GatewayHostFactory(database.ConnectionString, new Dictionary<string, string?>
        {
            ["GatewayHost:SeedDemoData"] = "false",
            // Slow enough that the client below can leave in the middle of a stream.
            ["GatewayHost:StreamChunkDelay"] = "00:00:00.050",
        });
        address = KestrelHost.Start(factory);
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        await factory.DisposeAsync();
        await database.DisposeAsync();
    }

    [Test]
    public async Task The_OpenAI_client_streams_the_answer_with_usage_and_the_row_has_the_stream_timings_and_text()
    {
        var client = new ChatClient("demo-echo", new ApiKeyCredential(KeyValue), new OpenAIClientOptions { Endpoint = new Uri(address, "/v1") });
        var text = new StringBuilder();
        string? id = null;
        ChatTokenUsage? usage = null;
        ChatFinishReason? finishReason = null;
        DateTimeOffset? firstUpdateAt = null;
        var updates = 0;

        await foreach (var update in client.CompleteChatStreamingAsync(
            [new SystemChatMessage("Be brief."), new UserChatMessage("Count these five words please")]))
        {
            firstUpdateAt ??= DateTimeOffset.UtcNow;
            updates++;
            id ??= update.CompletionId;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
            finishReason ??= update.FinishReason;
        }

        Assert.Multiple(() =>
        {
            Assert.That(text.ToString(), Does.StartWith("(fake upstream) You sent 2 message(s), 16 tokens.").And.Contain("Count these five words"));
            Assert.That(updates, Is.GreaterThan(5), "one update per piece, not one answer");
            Assert.That(finishReason, Is.EqualTo(ChatFinishReason.Stop));
            Assert.That(usage, Is.Not.Null, "the client asks for stream_options.include_usage; the last chunk carries it");
            Assert.That(usage!.InputTokenCount, Is.EqualTo(16));
            Assert.That(usage.TotalTokenCount, Is.EqualTo(usage.InputTokenCount + usage.OutputTokenCount));
        });

        var row = await FlushAndReadAsync(id!);
        Assert.Multiple(() =>
        {
            Assert.That(row.Status, Is.EqualTo("success"));
            Assert.That(row.VirtualKeyId, Is.EqualTo(key.Id));
            Assert.That(row.Model, Is.EqualTo("demo-echo"));
            Assert.That(row.PromptTokens, Is.EqualTo(16));
            Assert.That(row.CompletionTokens, Is.EqualTo(usage!.OutputTokenCount));
            Assert.That(row.ResponseBody, Is.EqualTo(text.ToString()), "the assembled text");
            Assert.That(row.RequestBody, Does.Contain("\"stream\":true"));
            Assert.That(row.CreatedAt, Is.LessThanOrEqualTo(firstUpdateAt!.Value), "created_at is the request's arrival, not the stream's end");
            Assert.That(row.TffbMs, Is.Not.Null);
            Assert.That(row.TfftMs, Is.GreaterThanOrEqualTo(row.TffbMs ?? int.MaxValue), "the first token follows the first byte");
            Assert.That(row.ResponseTime, Is.GreaterThanOrEqualTo(row.TfftMs ?? int.MaxValue), "the whole stream lasts longer than its first token");
        });
    }

    [Test]
    public async Task The_stream_is_OpenAI_server_sent_events_ending_in_DONE_without_usage_unless_asked()
    {
        using var http = Client();
        using var response = await http.PostAsync("/v1/chat/completions", HostTestData.Json(
            """{"model":"demo-echo","stream":true,"messages":[{"role":"user","content":"Stream this please"}]}"""));
        var body = await response.Content.ReadAsStringAsync();
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
            Assert.That(events, Has.All.StartWith("data: "));
            Assert.That(events[^1], Is.EqualTo("data: [DONE]"));
            Assert.That(chunks.Select(c => c.GetProperty("object").GetString()), Has.All.EqualTo("chat.completion.chunk"));
            Assert.That(chunks.Select(c => c.GetProperty("id").GetString()).Distinct().Count(), Is.EqualTo(1), "one id for the whole stream");
            Assert.That(chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString(), Is.EqualTo("assistant"));
            Assert.That(chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString(), Is.EqualTo("stop"));
            Assert.That(chunks.Any(c => c.TryGetProperty("usage", out _)), Is.False, "no usage without stream_options.include_usage");
            Assert.That(string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta")
                .TryGetProperty("content", out var content) ? content.GetString() : "")), Does.Contain("Stream this please"));
        });
    }

    [Test]
    public async Task A_client_that_leaves_mid_stream_leaves_an_error_row_saying_so_with_the_text_it_was_sent()
    {
        string id;
        DateTimeOffset firstChunkAt;
        var received = new StringBuilder();
        // No draining of the rest of the response to reuse the connection, as the handler does by default: the
        // connection closes when the response is disposed, as a client that gives up closes it.
        using (var http = Client(new SocketsHttpHandler { MaxResponseDrainSize = 0, PooledConnectionLifetime = TimeSpan.Zero }))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = HostTestData.Json("""{"model":"demo-echo","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"A long enough question to stream for a while, word by word, until the client gives up on it"}]}"""),
            };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var first = JsonDocument.Parse((await reader.ReadLineAsync())!["data: ".Length..]).RootElement;
            firstChunkAt = DateTimeOffset.UtcNow;
            id = first.GetProperty("id").GetString()!;
            // Two content chunks, then the client hangs up (the response and the connection are disposed).
            while (received.Length == 0 || received.ToString().Count(c => c == ' ') < 2)
            {
                var line = await reader.ReadLineAsync();
                if (line is { Length: > 0 })
                {
                    var delta = JsonDocument.Parse(line["data: ".Length..]).RootElement.GetProperty("choices")[0].GetProperty("delta");
                    received.Append(delta.TryGetProperty("content", out var content) ? content.GetString() : "");
                }
            }
        }

        var row = await WaitForRowAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(row.Status, Is.EqualTo("error"));
            Assert.That(row.ErrorMessage, Does.Contain("disconnected mid-stream"));
            Assert.That(row.ResponseBody, Does.StartWith(received.ToString()), "what it was sent, at least what the client read");
            Assert.That(row.ResponseBody, Does.Not.Contain("until the client gives up"), "not the whole answer");
            Assert.That(row.CreatedAt, Is.LessThanOrEqualTo(firstChunkAt));
            Assert.That(row.TffbMs, Is.Not.Null);
            Assert.That(row.TfftMs, Is.Not.Null);
            Assert.That(row.PromptTokens, Is.GreaterThan(0));
        });
    }

    private HttpClient Client(HttpMessageHandler? handler = null)
    {
        var http = new HttpClient(handler ?? new SocketsHttpHandler()) { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", KeyValue);
        return http;
    }

    private async Task<ApiRequest> FlushAndReadAsync(string id)
    {
        // /admin is behind the admin login.
        using var http = await factory.CreateAdminClientAsync();
        using (var flush = await http.PostAsync("/admin/flush", content: null))
        {
            Assert.That(flush.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await using var context = database.CreateContext();
        return await context.ApiRequests.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    /// <summary>The server notices the departure on its next write; the row follows shortly after.</summary>
    private async Task<ApiRequest> WaitForRowAsync(string id)
    {
        using var http = await factory.CreateAdminClientAsync();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using (await http.PostAsync("/admin/flush", content: null))
            {
            }

            await using var context = database.CreateContext();
            if (await context.ApiRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id) is { } row)
            {
                return row;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"No row {id} was logged for the abandoned stream.");
        return null!;
    }
}
