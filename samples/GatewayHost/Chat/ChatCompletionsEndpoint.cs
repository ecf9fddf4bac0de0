using System.Diagnostics;
using System.Text;
using System.Text.Json;
using GatewayPersistence.Entities;
using GatewayPersistence.Repositories;
using GatewayPersistence.RequestLog;
using GatewayPersistence.Security;
using Microsoft.Extensions.Options;

namespace GatewayHost.Chat;

/// <summary>
/// <c>POST /v1/chat/completions</c>: authenticate the virtual key, validate, decrypt the provider's API key, answer from
/// the fake upstream, log.
/// </summary>
internal static partial class ChatCompletionsEndpoint
{
    private const string BearerPrefix = "Bearer ";

    public static IEndpointRouteBuilder MapChatCompletions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/chat/completions", HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(
        HttpContext http,
        VirtualKeyCache keys,
        ProviderKeyCache providerKeys,
        IApiRequestLog requestLog,
        FakeUpstream upstream,
        TimeProvider time,
        IOptions<GatewayHostOptions> hostOptions,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(ChatCompletionsEndpoint));
        var started = Stopwatch.GetTimestamp();
        var createdAt = time.GetUtcNow();
        var cancellationToken = http.RequestAborted;

        VirtualKey? key;
        try
        {
            key = await AuthenticateAsync(http, keys, cancellationToken);
        }
        catch (DatabaseUnavailableException)
        {
            LogDatabaseUnavailable(logger);
            await WriteErrorAsync(http, StatusCodes.Status503ServiceUnavailable,
                "The gateway cannot verify API keys right now; retry shortly.", "server_error", param: null, code: "service_unavailable");
            return;
        }

        if (key is null)
        {
            // Unauthenticated requests are not logged: they belong to no key, and logging them would let anyone fill the table.
            LogRejectedKey(logger);
            await WriteErrorAsync(http, StatusCodes.Status401Unauthorized,
                "Incorrect or disabled API key provided. Send a valid virtual key as 'Authorization: Bearer <key>'.",
                "invalid_request_error", param: null, code: "invalid_api_key");
            return;
        }

        var requestId = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var read = await ReadBodyAsync(http, hostOptions.Value.MaxRequestBodyBytes, cancellationToken);
        if (read.Error is { } readError)
        {
            await RejectAsync(http, requestLog, logger, key, requestId, createdAt, started, read.Body, readError);
            return;
        }

        var (request, validationError) = Parse(read.Body!);
        if (validationError is not null)
        {
            await RejectAsync(http, requestLog, logger, key, requestId, createdAt, started, read.Body, validationError);
            return;
        }

        UpstreamAnswer answer;
        try
        {
            var apiKey = key.ProviderId is { } providerId ? await providerKeys.GetApiKeyAsync(providerId, cancellationToken) : null;
            if (request!.Stream == true)
            {
                // Server-sent events; the record is logged when the stream ends (or the client leaves).
                await StreamingChatCompletion.StreamAsync(
                    http, new StreamingExchange(request, read.Body!, key, requestId, createdAt, started, apiKey), upstream, requestLog, time,
                    hostOptions.Value, logger);
                return;
            }

            answer = await upstream.CompleteAsync(request, apiKey, cancellationToken);
        }
        catch (DatabaseUnavailableException)
        {
            LogDatabaseUnavailable(logger);
            await WriteErrorAsync(http, StatusCodes.Status503ServiceUnavailable,
                "The gateway cannot read its upstream configuration right now; retry shortly.", "server_error", param: null, code: "service_unavailable");
            return;
        }
        catch (Exception exception) when (exception is ProviderKeyDecryptionException or UpstreamRejectedKeyException)
        {
            // The message names the provider and the setting to check, never the key; the client learns only that the
            // gateway's own credentials failed.
            LogUpstreamCredentials(logger, exception.Message);
            await RejectAsync(http, requestLog, logger, key, requestId, createdAt, started, read.Body, new RequestError(
                StatusCodes.Status502BadGateway, "The gateway could not authenticate to the upstream provider.", "server_error", null, "upstream_credentials"));
            return;
        }

        var model = request!.Model!;
        var response = new ChatCompletionResponse(
            requestId, "chat.completion", createdAt.ToUnixTimeSeconds(), model,
            [new ChatChoice(0, new ChatAnswer("assistant", answer.Content), "stop")],
            new ChatUsage(answer.PromptTokens, answer.CompletionTokens, answer.PromptTokens + answer.CompletionTokens));
        var responseJson = JsonSerializer.Serialize(response, ChatJsonContext.Default.ChatCompletionResponse);

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(responseJson, cancellationToken);

        LogRequest(requestLog, logger, Record(http, key, requestId, createdAt, started) with
        {
            Model = model,
            Status = "success",
            PromptTokens = answer.PromptTokens,
            CompletionTokens = answer.CompletionTokens,
            TffbMs = answer.FirstByteMs,
            TfftMs = answer.FirstByteMs,
            RequestBody = read.Body,
            ResponseBody = responseJson,
        });
    }

    private static async Task<VirtualKey?> AuthenticateAsync(HttpContext http, VirtualKeyCache keys, CancellationToken cancellationToken)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var keyValue = header[BearerPrefix.Length..].Trim();
        if (keyValue.Length is 0 or > 255)
        {
            return null;
        }

        var key = await keys.FindAsync(keyValue, cancellationToken);
        return key is { Enabled: true } ? key : null;
    }

    private static async Task<(string? Body, RequestError? Error)> ReadBodyAsync(HttpContext http, long limit, CancellationToken cancellationToken)
    {
        var tooLarge = new RequestError(StatusCodes.Status413PayloadTooLarge,
            $"The request body is larger than {limit} bytes.", "invalid_request_error", null, "request_too_large");
        if (http.Request.ContentLength > limit)
        {
            return (null, tooLarge);
        }

        // Kestrel enforces MaxRequestBodySize too; counting here also covers chunked bodies on other servers (and tests).
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int count;
            while ((count = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + count > limit)
                {
                    return (null, tooLarge);
                }

                buffer.Write(chunk, 0, count);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, tooLarge);
        }

        return (Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
    }

    private static (ChatCompletionRequest? Request, RequestError? Error) Parse(string body)
    {
        ChatCompletionRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body, ChatJsonContext.Default.ChatCompletionRequest);
        }
        catch (JsonException)
        {
            return (null, Invalid("We could not parse the JSON body of your request. Send a JSON object.", null));
        }

        if (request is null)
        {
            return (null, Invalid("The request body must be a JSON object.", null));
        }

        if (string.IsNullOrWhiteSpace(request.Model))
        {
            return (null, Invalid("You must provide a model parameter.", "model"));
        }

        if (request.Messages is not { Count: > 0 })
        {
            return (null, Invalid("'messages' must be a non-empty array of messages.", "messages"));
        }

        foreach (var message in request.Messages)
        {
            try
            {
                _ = FakeUpstream.ContentText(message.Content);
            }
            catch (InvalidOperationException)
            {
                // JSON allows "\ud800" escapes that decode to no valid text: a client error, never a 500.
                return (null, Invalid("A message's content is not valid Unicode text (an unpaired surrogate escape).", "messages"));
            }
        }

        if (request.Messages.Any(message => string.IsNullOrWhiteSpace(message.Role)))
        {
            return (null, Invalid("Every message needs a 'role'.", "messages"));
        }

        return (request, null);
    }

    private static RequestError Invalid(string message, string? param)
        => new(StatusCodes.Status400BadRequest, message, "invalid_request_error", param, null);

    /// <summary>Answers a request from a known key with an error, and logs it as an <c>error</c> row.</summary>
    private static async Task RejectAsync(
        HttpContext http, IApiRequestLog requestLog, ILogger logger, VirtualKey key, string requestId, DateTimeOffset createdAt,
        long started, string? body, RequestError error)
    {
        await WriteErrorAsync(http, error.StatusCode, error.Message, error.Type, error.Param, error.Code);
        LogInvalidRequest(logger, error.StatusCode, error.Param ?? "-");
        LogRequest(requestLog, logger, Record(http, key, requestId, createdAt, started) with
        {
            Status = "error",
            ErrorMessage = $"{error.StatusCode}: {error.Message}",
            RequestBody = body,
        });
    }

    internal static ApiRequestRecord Record(HttpContext http, VirtualKey key, string requestId, DateTimeOffset createdAt, long started) => new()
    {
        Id = requestId,
        CreatedAt = createdAt,
        VirtualKeyId = key.Id,
        ProviderId = key.ProviderId,
        ResponseTimeMs = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        Ip = http.Connection.RemoteIpAddress?.ToString(),
        UserAgent = http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
        RequestType = "chat",
    };

    /// <summary>Hands the record to the request log: never blocks and never touches the database.</summary>
    internal static void LogRequest(IApiRequestLog requestLog, ILogger logger, ApiRequestRecord record)
    {
        if (!requestLog.Enqueue(record))
        {
            // The log counted the drop (metrics, health); the id lets an operator match the client's answer.
            LogNotQueued(logger, record.Id);
        }
    }

    private static Task WriteErrorAsync(HttpContext http, int statusCode, string message, string type, string? param, string? code)
    {
        http.Response.StatusCode = statusCode;
        var body = new OpenAiErrorResponse(new OpenAiError(message, type, param, code));
        return http.Response.WriteAsJsonAsync(body, ChatJsonContext.Default.OpenAiErrorResponse);
    }

    private sealed record RequestError(int StatusCode, string Message, string Type, string? Param, string? Code);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "A chat request was refused with 503: the database is unavailable and the key is not cached")]
    private static partial void LogDatabaseUnavailable(ILogger logger);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "A chat request failed with 502: {Reason}")]
    private static partial void LogUpstreamCredentials(ILogger logger, string reason);

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Rejected a chat request with a missing, unknown or disabled virtual key")]
    private static partial void LogRejectedKey(ILogger logger);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Rejected an invalid chat request ({StatusCode}, parameter {Param})")]
    private static partial void LogInvalidRequest(ILogger logger, int statusCode, string param);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "The request log did not accept the record of request {RequestId} (queue full or shutting down)")]
    private static partial void LogNotQueued(ILogger logger, string requestId);
}
