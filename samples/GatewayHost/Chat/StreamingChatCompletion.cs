using System.Diagnostics;
using System.Text;
using System.Text.Json;
using GatewayPersistence.RequestLog;
using Microsoft.AspNetCore.Http.Features;

namespace GatewayHost.Chat;

/// <summary>
/// <c>stream: true</c>: answers with server-sent events as OpenAI does (a role chunk, content chunks, a chunk with the
/// finish reason, a usage chunk when <c>stream_options.include_usage</c> is set, then <c>data: [DONE]</c>) and logs one
/// row when the stream ends: <c>created_at</c> at the request's arrival, <c>tffb_ms</c> when the first event was
/// flushed, <c>tfft_ms</c> when the first content was, and the assembled text as the response body (the request log
/// bounds it as every body). A client that leaves mid-stream leaves a row with status <c>error</c> saying so, with the
/// text it had been sent.
/// </summary>
internal static partial class StreamingChatCompletion
{
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public static async Task StreamAsync(
        HttpContext http, StreamingExchange exchange, FakeUpstream upstream, IApiRequestLog requestLog, TimeProvider time,
        GatewayHostOptions options, ILogger logger)
    {
        var cancellationToken = http.RequestAborted;
        var request = exchange.Request;
        var model = request.Model!;
        var created = exchange.CreatedAt.ToUnixTimeSeconds();
        var sent = new StringBuilder();
        int? tffbMs = null;
        int? tfftMs = null;
        var pieces = Array.Empty<string>();
        var piecesSent = 0;
        UpstreamAnswer? answer = null;

        ChatCompletionChunk Chunk(ChunkDelta delta, string? finishReason)
            => new(exchange.RequestId, ChatCompletionChunk.ObjectName, created, model, [new ChunkChoice(0, delta, finishReason)], null);

        // The client went away (its connection closed): the row says so and keeps what it had been sent.
        void ClientLeft()
        {
            LogClientLeft(logger, exchange.RequestId, piecesSent, pieces.Length);
            ChatCompletionsEndpoint.LogRequest(requestLog, logger, ChatCompletionsEndpoint.Record(
                http, exchange.Key, exchange.RequestId, exchange.CreatedAt, exchange.Started) with
            {
                Model = model,
                Status = "error",
                ErrorMessage = $"The client disconnected mid-stream after {piecesSent} of {pieces.Length} content chunks; "
                    + "the response body holds the text sent before.",
                PromptTokens = answer?.PromptTokens ?? 0,
                CompletionTokens = FakeUpstream.CountTokens(sent.ToString()),
                TffbMs = tffbMs,
                TfftMs = tfftMs,
                RequestBody = exchange.RequestBody,
                ResponseBody = sent.ToString(),
            });
        }

        try
        {
            answer = await upstream.CompleteAsync(request, exchange.ApiKey, cancellationToken);
            pieces = FakeUpstream.Pieces(answer.Content);

            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no"; // no proxy buffering: each event leaves when written
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await http.Response.StartAsync(cancellationToken);

            await WriteEventAsync(http, Chunk(new ChunkDelta("assistant", ""), null), cancellationToken);
            tffbMs = ElapsedMs(exchange.Started);
            foreach (var piece in pieces)
            {
                await Task.Delay(options.StreamChunkDelay, time, cancellationToken);
                await WriteEventAsync(http, Chunk(new ChunkDelta(null, piece), null), cancellationToken);
                tfftMs ??= ElapsedMs(exchange.Started);
                sent.Append(piece);
                piecesSent++;
            }

            await WriteEventAsync(http, Chunk(new ChunkDelta(null, null), "stop"), cancellationToken);
            if (request.StreamOptions?.IncludeUsage == true)
            {
                var usage = new ChatUsage(answer.PromptTokens, answer.CompletionTokens, answer.PromptTokens + answer.CompletionTokens);
                await WriteEventAsync(http, new ChatCompletionChunk(
                    exchange.RequestId, ChatCompletionChunk.ObjectName, created, model, [], usage), cancellationToken);
            }

            await http.Response.Body.WriteAsync(Done, cancellationToken);
            await http.Response.Body.FlushAsync(cancellationToken);
            // Kestrel completes writes to a connection the client closed without an error; the token tells.
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ClientLeft();
            return;
        }
        catch (IOException) when (cancellationToken.IsCancellationRequested)
        {
            ClientLeft();
            return;
        }

        ChatCompletionsEndpoint.LogRequest(requestLog, logger, ChatCompletionsEndpoint.Record(
            http, exchange.Key, exchange.RequestId, exchange.CreatedAt, exchange.Started) with
        {
            Model = model,
            Status = "success",
            PromptTokens = answer.PromptTokens,
            CompletionTokens = answer.CompletionTokens,
            TffbMs = tffbMs,
            TfftMs = tfftMs,
            RequestBody = exchange.RequestBody,
            ResponseBody = sent.ToString(),
        });
    }

    /// <summary>Writes one <c>data:</c> event and flushes it, so the client sees it now.</summary>
    private static async Task WriteEventAsync(HttpContext http, ChatCompletionChunk chunk, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(chunk, StreamingJsonContext.Default.ChatCompletionChunk);
        var frame = new byte[json.Length + 8];
        "data: "u8.CopyTo(frame);
        json.CopyTo(frame, 6);
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        await http.Response.Body.WriteAsync(frame, cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    private static int ElapsedMs(long started) => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "The client of streamed request {RequestId} disconnected after {Sent} of {Total} content chunks")]
    private static partial void LogClientLeft(ILogger logger, string requestId, int sent, int total);
}
