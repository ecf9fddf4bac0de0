using System.Text.Json.Serialization;
using GatewayHost;
using GatewayHost.Admin;
using GatewayHost.Chat;
using GatewayHost.Dashboard;
using GatewayHost.Metrics;
using GatewayHost.Seeding;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.HealthChecks;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;

var builder = WebApplication.CreateBuilder(args);

var hostSection = builder.Configuration.GetSection(GatewayHostOptions.SectionName);
builder.Services.AddOptions<GatewayHostOptions>().Bind(hostSection);
builder.WebHost.ConfigureKestrel(kestrel =>
    kestrel.Limits.MaxRequestBodySize = hostSection.Get<GatewayHostOptions>()?.MaxRequestBodyBytes ?? new GatewayHostOptions().MaxRequestBodyBytes);

// The library: options (ConnectionStrings:Gateway or the MYSQL_* variables), context factory, migrate-on-start,
// repositories, request-log pipeline, statistics. Its migration service runs before the seeder registered below.
builder.Services.AddGatewayPersistence(builder.Configuration);
builder.Services.AddHealthChecks().AddGatewayPersistenceHealthChecks();
builder.Services.AddGatewayMetrics(); // OpenTelemetry: the GatewayPersistence meter, exported at /metrics

builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddSingleton<FakeUpstream>();
builder.Services.AddSingleton<VirtualKeyCache>();
builder.Services.AddHostedService<DemoDataSeeder>();
builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.TypeInfoResolverChain.Insert(0, ChatJsonContext.Default);
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()); // TrendInterval as "Hour"/"Day"
});

var app = builder.Build();

app.MapChatCompletions();
app.MapAdmin();
app.MapDashboard();
app.MapGatewayMetrics();
app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });

await app.RunAsync();

/// <summary>The sample host's entry point; public so that tests can start it with WebApplicationFactory.</summary>
public partial class Program;
