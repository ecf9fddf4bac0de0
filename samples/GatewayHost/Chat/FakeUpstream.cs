using System.Diagnostics;
using System.Text;
using System.Text.Json;
using GatewayPersistence.Security;

namespace GatewayHost.Chat;

/// <summary>What the fake upstream answered, and when its first byte would have arrived.</summary>
internal sealed record UpstreamAnswer(string Content, int PromptTokens, int CompletionTokens, int FirstByteMs);

/// <summary>
/// Stands in for an LLM provider without any network: it answers with a short summary of the prompt after a small
/// simulated latency, and counts tokens the rough way (words and punctuation), so that usage is deterministic. Like a
/// real provider it authenticates the caller's API key: it refuses a key that is still in a stored (encrypted) format,
/// so the sample shows, and its tests prove, that the key reaches it decrypted through the protector.
/// </summary>
internal sealed class FakeUpstream(TimeProvider timeProvider, IProviderKeyProtector protector)
{
    private const int PerMessageOverheadTokens = 4;
    private const int ExcerptCharacters = 120;

    /// <param name="request">The validated chat request.</param>
    /// <param name="apiKey">The provider's plaintext API key (null for a virtual key without a provider).</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <exception cref="UpstreamRejectedKeyException">The key is empty or still encrypted.</exception>
    public async Task<UpstreamAnswer> CompleteAsync(ChatCompletionRequest request, string? apiKey, CancellationToken cancellationToken)
    {
        if (apiKey is not null && (apiKey.Length == 0 || protector.GetFormat(apiKey) != ProviderKeyFormat.Unrecognized))
        {
            throw new UpstreamRejectedKeyException();
        }

        var started = Stopwatch.GetTimestamp();
        var texts = request.Messages!.Select(message => ContentText(message.Content)).ToList();
        var promptTokens = texts.Sum(CountTokens) + PerMessageOverheadTokens * texts.Count;

        // A small, prompt-dependent delay, so that latency statistics have something to show.
        await Task.Delay(TimeSpan.FromMilliseconds(2 + promptTokens % 7), timeProvider, cancellationToken);

        var lastUserText = request.Messages!.LastOrDefault(message => message.Role == "user") is { } last
            ? ContentText(last.Content)
            : texts.LastOrDefault() ?? "";
        var excerpt = lastUserText.Length > ExcerptCharacters ? lastUserText[..ExcerptCharacters] + "…" : lastUserText;
        var content = $"(fake upstream) You sent {texts.Count} message(s), {promptTokens} tokens. Last: \"{excerpt}\"";
        var firstByteMs = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new UpstreamAnswer(content, promptTokens, CountTokens(content), firstByteMs);
    }

    /// <summary>
    /// The answer cut for streaming: a piece per word, each keeping the whitespace after it, so that the pieces joined
    /// are the answer and their token counts add up to its count.
    /// </summary>
    internal static string[] Pieces(string content)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 1; i < content.Length; i++)
        {
            if (char.IsWhiteSpace(content[i - 1]) && !char.IsWhiteSpace(content[i]))
            {
                pieces.Add(content[start..i]);
                start = i;
            }
        }

        if (start < content.Length)
        {
            pieces.Add(content[start..]);
        }

        return [.. pieces];
    }

    /// <summary>The text of a message content: a string, or the <c>text</c> of each part of an array.</summary>
    internal static string ContentText(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString() ?? "",
        JsonValueKind.Array => string.Join("\n", content.EnumerateArray()
            .Where(part => part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            .Select(part => part.GetProperty("text").GetString())),
        _ => "",
    };

    /// <summary>Words plus punctuation marks: close enough to a tokenizer for a demo, and deterministic.</summary>
    internal static int CountTokens(string text)
    {
        var tokens = 0;
        var inWord = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                if (!inWord)
                {
                    tokens++;
                    inWord = true;
                }
            }
            else
            {
                inWord = false;
                if (!Rune.IsWhiteSpace(rune))
                {
                    tokens++;
                }
            }
        }

        return tokens;
    }
}
