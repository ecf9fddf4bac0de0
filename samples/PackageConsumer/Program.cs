// A minimal gateway on the GatewayPersistence packages: registration, migration on start (appsettings.json),
// key authentication, the request log and the statistics. See the repository's samples/GatewayHost for the full host.
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.HealthChecks;
using GatewayPersistence.Repositories;
using GatewayPersistence.RequestLog;
using GatewayPersistence.Statistics;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddGatewayPersistence(builder.Configuration);
builder.Services.AddHealthChecks().AddGatewayPersistenceHealthChecks();
var app = builder.Build();

app.MapHealthChecks("/health");

app.MapPost("/v1/chat/completions", async (HttpContext http, IVirtualKeyRepository keys, IApiRequestLog requestLog, CancellationToken cancellationToken) =>
{
    var createdAt = DateTimeOffset.UtcNow;
    var header = http.Request.Headers.Authorization.ToString();
    var keyValue = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
    var key = keyValue.Length is > 0 and <= 255 ? await keys.GetByKeyValueAsync(keyValue, cancellationToken) : null;
    if (key is not { Enabled: true })
    {
        return Results.Unauthorized();
    }

    var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
    requestLog.Enqueue(new ApiRequestRecord
    {
        Id = id,
        CreatedAt = createdAt,
        VirtualKeyId = key.Id,
        ProviderId = key.ProviderId,
        Model = "consumer-model",
        Status = "success",
        PromptTokens = 3,
        CompletionTokens = 4,
        ResponseTimeMs = 1,
    });
    return Results.Ok(new { id });
});

app.MapPost("/flush", async (IApiRequestLog requestLog, CancellationToken cancellationToken) =>
{
    await requestLog.FlushAsync(cancellationToken);
    return Results.Ok();
});

app.MapGet("/stats", async (IApiRequestStatistics statistics, CancellationToken cancellationToken) =>
    Results.Ok(await statistics.GetStatsAsync(new StatsQuery(From: DateTimeOffset.UtcNow.AddHours(-1)), cancellationToken)));

await app.RunAsync();
