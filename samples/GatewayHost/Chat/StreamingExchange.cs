using GatewayPersistence.Entities;

namespace GatewayHost.Chat;

/// <summary>What the chat endpoint knows about a streamed request when the stream begins.</summary>
/// <param name="Request">The parsed request (<c>stream: true</c>).</param>
/// <param name="RequestBody">The request body as received, for the log row.</param>
/// <param name="Key">The authenticated virtual key.</param>
/// <param name="RequestId">The completion id, also the log row's id.</param>
/// <param name="CreatedAt">When the request arrived: the row's <c>created_at</c>.</param>
/// <param name="Started">Stopwatch timestamp of the request's arrival, for the durations.</param>
/// <param name="ApiKey">The provider's decrypted API key for the upstream call (null without a provider).</param>
internal sealed record StreamingExchange(
    ChatCompletionRequest Request, string RequestBody, VirtualKey Key, string RequestId, DateTimeOffset CreatedAt, long Started, string? ApiKey);
