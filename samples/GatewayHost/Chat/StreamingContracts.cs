using System.Text.Json.Serialization;

namespace GatewayHost.Chat;

/// <summary>The request's <c>stream_options</c>: <c>include_usage</c> adds a last chunk carrying the usage.</summary>
internal sealed record StreamOptions([property: JsonPropertyName("include_usage")] bool? IncludeUsage);

/// <summary>One server-sent event of a streamed completion, as OpenAI sends it (<c>chat.completion.chunk</c>).</summary>
internal sealed record ChatCompletionChunk(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<ChunkChoice> Choices,
    [property: JsonPropertyName("usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ChatUsage? Usage)
{
    /// <summary>The <c>object</c> of every chunk.</summary>
    public const string ObjectName = "chat.completion.chunk";
}

/// <summary>One choice of a chunk; <c>finish_reason</c> is null until the last content chunk.</summary>
internal sealed record ChunkChoice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("delta")] ChunkDelta Delta,
    [property: JsonPropertyName("finish_reason")] string? FinishReason);

/// <summary>What a chunk adds to the message: the role once, then pieces of the content.</summary>
internal sealed record ChunkDelta(
    [property: JsonPropertyName("role"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role,
    [property: JsonPropertyName("content"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content);

/// <summary>Source-generated serialization of the chunks (nulls written, as OpenAI writes <c>finish_reason: null</c>).</summary>
[JsonSerializable(typeof(ChatCompletionChunk))]
internal sealed partial class StreamingJsonContext : JsonSerializerContext;
