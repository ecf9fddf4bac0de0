using System.Text.Json.Serialization;
using GatewayHost;
using GatewayHost.Admin;
using GatewayHost.Auth;
using GatewayHost.Chat;
using GatewayHost.Dashboard;
using GatewayHost.Metrics;
using GatewayHost.Seeding;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.HealthChecks;
using GatewayPersistence.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

var hostSection = builder.Configuration.GetSection(GatewayHostOptions.SectionName);
builder.Services.AddOptions<GatewayHostOptions>().Bind(hostSection);
builder.WebHost.ConfigureKestrel(kestrel =>
    kestrel.Limits.MaxRequestBodySize = hostSection.Get<GatewayHostOptions>()?.MaxRequestBodyBytes ?? new GatewayHostOptions().MaxRequestBodyBytes);

// The library: options (ConnectionStrings:Gateway or the MYSQL_* variables), context factory, migrate-on-start,
// repositories, request-log pipeline, statistics. Its migration service runs before the seeder registered below.
builder.Services.AddGatewayPersistence(builder.Configuration);
builder.Services.AddHealthChecks().AddGatewayPersistenceHealthChecks();
// The sample stores every provider key encrypted (its seeder, its fake upstream's path), so it needs the key at start.
builder.Services.AddOptions<GatewayPersistenceOptions>().Validate(
    options => !string.IsNullOrEmpty(options.Security.ProviderKeyEncryptionKey),
    $"{GatewaySecurityOptions.ProviderKeyEncryptionKeyKey} is required by the sample host: set it to the base64 of 32 random bytes " +
    "(e.g. GatewayPersistence__Security__ProviderKeyEncryptionKey=\"$(openssl rand -base64 32)\"); scripts/demo.sh sets one.");
// Admin login: cookie + bearer token, the GatewayAdmin policy, failed-login rate limiting (Auth/AdminAuthentication).
builder.Services.AddAdminAuthentication(builder.Configuration);
builder.Services.AddGatewayMetrics(); // OpenTelemetry: the GatewayPersistence meter, exported at /metrics

builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddSingleton<FakeUpstream>();
builder.Services.AddSingleton<VirtualKeyCache>();
builder.Services.AddSingleton<ProviderKeyCache>();
builder.Services.AddHostedService<DemoDataSeeder>();
builder.Services.AddHostedService<AdminUserSeeder>();
builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.TypeInfoResolverChain.Insert(0, ChatJsonContext.Default);
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()); // TrendInterval as "Hour"/"Day"
});

var app = builder.Build();
var shutdownTimeout = app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
app.Logger.LogShutdownTimeout(shutdownTimeout.TotalSeconds);

app.UseAdminAuthentication();
app.MapChatCompletions();
app.MapAdminLogin();
app.MapAdmin();
app.MapDashboard().RequireAdmin();
app.MapGatewayMetrics().RequireMetricsAccess();
app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });

await app.RunAsync();

/// <summary>The sample host's entry point; public so that tests can start it with WebApplicationFactory.</summary>
public partial class Program;
