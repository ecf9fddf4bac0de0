using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using GatewayPersistence.Repositories;
using GatewayPersistence.Tests.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayPersistence.Tests.Host;

/// <summary>
/// The sample's admin surface behind its login: every <c>/admin</c> endpoint answers 401 without a session and 200 with
/// a cookie or a bearer token; failed logins are rate-limited per client (the 11th within the window gets 429, and
/// successful logins do not count); an adopted account's legacy hash logs in and is upgraded; the seeded admin's
/// password is printed once and works; <c>/metrics</c>' policy follows <c>GatewayHost:Metrics:RequireLogin</c>.
/// </summary>
public sealed class AdminLoginTests
{
    private static readonly Dictionary<string, string?> NoDemoData = new() { ["GatewayHost:SeedDemoData"] = "false" };

    [Test]
    public async Task Every_admin_endpoint_answers_401_without_a_session_and_200_with_a_cookie_or_a_bearer_token()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var factory = new GatewayHostFactory(database.ConnectionString, NoDemoData);
        using var anonymous = factory.CreateClient();
        using var withCookie = await factory.CreateAdminClientAsync();
        using var withBearer = factory.CreateClient();
        withBearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await BearerTokenAsync(withBearer));
        using var withVirtualKeyAsBearer = factory.CreateClient();
        withVirtualKeyAsBearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "vk_not_a_session_token");

        // Every endpoint under /admin the host maps, so that one added later (the dashboard) is covered too.
        var endpoints = AdminEndpoints(factory);
        Assert.That(endpoints.Select(e => e.Path), Is.SupersetOf(new[] { "/admin/stats", "/admin/trend", "/admin/requests", "/admin/request-log", "/admin/flush" }));
        foreach (var (method, path) in endpoints)
        {
            using var noSession = await SendAsync(anonymous, method, path);
            using var wrongToken = await SendAsync(withVirtualKeyAsBearer, method, path);
            using var cookie = await SendAsync(withCookie, method, path);
            using var bearer = await SendAsync(withBearer, method, path);
            Assert.Multiple(() =>
            {
                Assert.That(noSession.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"{method} {path} without a session");
                Assert.That(wrongToken.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"{method} {path} with a virtual key as the token");
                Assert.That(cookie.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{method} {path} with the cookie");
                Assert.That(bearer.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{method} {path} with the bearer token");
            });
        }
    }

    [Test]
    public async Task A_browser_is_sent_to_the_login_page_whose_form_signs_in_and_returns()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var factory = new GatewayHostFactory(database.ConnectionString, NoDemoData);
        using var admin = await factory.CreateAdminClientAsync(); // creates the test admin
        using var browser = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var page = new HttpRequestMessage(HttpMethod.Get, "/admin/stats");
        page.Headers.Accept.ParseAdd("text/html");
        using var redirected = await browser.SendAsync(page);
        using var loginPage = await browser.GetAsync("/admin/login");
        using var form = await browser.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = GatewayHostFactory.AdminUsername, ["password"] = GatewayHostFactory.AdminPassword, ["returnUrl"] = "/admin/stats",
        }));
        using var stats = await browser.GetAsync("/admin/stats");
        using var offsite = await browser.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = GatewayHostFactory.AdminUsername, ["password"] = GatewayHostFactory.AdminPassword, ["returnUrl"] = "//evil.example/",
        }));
        using var logout = await browser.PostAsync("/admin/logout", null);
        using var afterLogout = await browser.GetAsync("/admin/stats");

        Assert.Multiple(async () =>
        {
            Assert.That(redirected.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(redirected.Headers.Location?.ToString(), Does.Contain("/admin/login"));
            Assert.That(await loginPage.Content.ReadAsStringAsync(), Does.Contain("<form").And.Contain("name=\"password\""));
            Assert.That(form.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(form.Headers.Location?.ToString(), Is.EqualTo("/admin/stats"));
            Assert.That(form.Headers.GetValues("Set-Cookie").Single(), Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);
            Assert.That(stats.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(offsite.Headers.Location?.ToString(), Is.EqualTo("/admin/"), "no open redirect");
            Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(afterLogout.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task The_11th_failed_login_within_a_minute_answers_429_and_successful_logins_do_not_count()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var factory = new GatewayHostFactory(database.ConnectionString, NoDemoData);
        using (await factory.CreateAdminClientAsync())
        {
        }

        using var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        // Successful logins first: were they counted, the failures below would reach the limit early.
        for (var i = 0; i < 3; i++)
        {
            statuses.Add(await LoginAsync(client, GatewayHostFactory.AdminPassword));
        }

        for (var i = 0; i < 10; i++)
        {
            statuses.Add(await LoginAsync(client, i % 2 == 0 ? "wrong password" : GatewayHostFactory.AdminPassword + "x"));
        }

        using var eleventh = await client.PostAsJsonAsync("/admin/login", new { username = GatewayHostFactory.AdminUsername, password = "wrong again" });
        var blockedEvenWithTheRightPassword = await LoginAsync(client, GatewayHostFactory.AdminPassword);
        var unknownUser = await LoginAsync(client, "x", username: "nobody");

        Assert.Multiple(async () =>
        {
            Assert.That(statuses.Take(3), Is.All.EqualTo(HttpStatusCode.OK));
            Assert.That(statuses.Skip(3).ToList(), Has.Count.EqualTo(10).And.All.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(eleventh.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(int.Parse(eleventh.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), Is.InRange(1, 60));
            Assert.That(await eleventh.Content.ReadAsStringAsync(), Does.Contain("Too many failed logins"));
            Assert.That(blockedEvenWithTheRightPassword, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(unknownUser, Is.EqualTo(HttpStatusCode.TooManyRequests));
        });
    }

    [Test]
    public async Task An_adopted_accounts_legacy_hash_logs_in_through_the_host_and_is_upgraded()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var legacy = LegacyFormats.PasswordHash("adopted-password");
        await database.ExecuteAsync($"INSERT INTO users (id, username, password_hash, created_at, updated_at) VALUES ('u-adopted', 'ops', '{legacy}', 1000, 1000)");
        await using var factory = new GatewayHostFactory(database.ConnectionString, NoDemoData);
        using var client = factory.CreateClient();

        var wrong = await LoginAsync(client, "not-it", username: "ops");
        var first = await LoginAsync(client, "adopted-password", username: "ops");
        var upgraded = await database.ScalarAsync<string>("SELECT password_hash FROM users WHERE id = 'u-adopted'");
        var updatedAt = await database.ScalarAsync<long>("SELECT updated_at FROM users WHERE id = 'u-adopted'");
        var second = await LoginAsync(client, "adopted-password", username: "ops");

        Assert.Multiple(() =>
        {
            Assert.That(wrong, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(first, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(upgraded, Does.StartWith("pbkdf2-sha256$"));
            Assert.That(updatedAt, Is.GreaterThan(1000));
            Assert.That(second, Is.EqualTo(HttpStatusCode.OK), "the upgraded hash verifies");
        });
    }

    [Test]
    public async Task The_first_start_seeds_one_admin_whose_password_is_printed_once_and_logs_in()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        // The host's console logger writes from its own thread: a synchronized writer, read under the same lock.
        var captured = new StringWriter();
        var console = TextWriter.Synchronized(captured);
        string Printed()
        {
            lock (console)
            {
                return captured.ToString();
            }
        }

        var original = Console.Out;
        Console.SetOut(console);
        string printedOnFirstStart;
        string printedOnSecondStart;
        try
        {
            var seedAdmin = new Dictionary<string, string?>(NoDemoData) { ["GatewayHost:Admin:SeedUser"] = "true" };
            await using (var first = new GatewayHostFactory(database.ConnectionString, seedAdmin))
            {
                _ = first.Server;
                printedOnFirstStart = Printed();
            }

            await using var second = new GatewayHostFactory(database.ConnectionString, seedAdmin);
            _ = second.Server;
            printedOnSecondStart = Printed()[printedOnFirstStart.Length..];
            using var client = second.CreateClient();
            var password = printedOnFirstStart.Split('\n').Single(line => line.StartsWith("Admin password: ", StringComparison.Ordinal))["Admin password: ".Length..].Trim();

            var login = await LoginAsync(client, password, username: "admin");
            var storedHash = await database.ScalarAsync<string>("SELECT password_hash FROM users WHERE username = 'admin'");

            Assert.Multiple(() =>
            {
                Assert.That(printedOnFirstStart, Does.Contain("Admin user: admin"));
                Assert.That(password, Has.Length.GreaterThanOrEqualTo(20));
                Assert.That(printedOnSecondStart, Does.Not.Contain("Admin password"), "printed once");
                Assert.That(login, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(storedHash, Does.StartWith("pbkdf2-sha256$").And.Not.Contain(password));
            });
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM users"), Is.EqualTo(1));
    }

    [TestCase(false, "127.0.0.1", true)]
    [TestCase(false, "::1", true)]
    [TestCase(false, "203.0.113.9", false)]
    [TestCase(true, "127.0.0.1", false)]
    public async Task The_metrics_policy_opens_loopback_unless_login_is_required_and_always_admits_an_admin(bool requireLogin, string remote, bool anonymousAllowed)
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var settings = new Dictionary<string, string?>(NoDemoData) { ["GatewayHost:Metrics:RequireLogin"] = requireLogin.ToString() };
        await using var factory = new GatewayHostFactory(database.ConnectionString, settings);
        var authorization = factory.Services.GetRequiredService<IAuthorizationService>();
        var http = new DefaultHttpContext { RequestServices = factory.Services };
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], "GatewayAdmin"));

        var anonymous = await authorization.AuthorizeAsync(new ClaimsPrincipal(new ClaimsIdentity()), http, "GatewayMetrics");
        var signedIn = await authorization.AuthorizeAsync(admin, http, "GatewayMetrics");

        Assert.Multiple(() =>
        {
            Assert.That(anonymous.Succeeded, Is.EqualTo(anonymousAllowed));
            Assert.That(signedIn.Succeeded, Is.True);
        });
    }

    [Test]
    public async Task The_fake_upstream_gets_legacy_and_current_keys_decrypted_and_a_wrong_legacy_secret_is_a_502_without_the_key()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        const string jwtSecret = "jwt-secret-of-the-adopted-typescript-gateway";
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await using (var context = database.CreateContext())
        {
            context.Providers.AddRange(
                new Provider { Id = "p-legacy", Name = "adopted", BaseUrl = "http://x.invalid", ApiKey = LegacyFormats.EncryptProviderKey(jwtSecret, "sk-adopted-key"), CreatedAt = now, UpdatedAt = now },
                new Provider { Id = "p-current", Name = "current", BaseUrl = "http://x.invalid", ApiKey = GatewayHostFactory.Protector.Protect("sk-current-key"), CreatedAt = now, UpdatedAt = now },
                new Provider { Id = "p-raw", Name = "raw", BaseUrl = "http://x.invalid", ApiKey = GatewayHostFactory.Protector.Protect("v2:aesgcm:still:encrypted:twice"), CreatedAt = now, UpdatedAt = now });
            foreach (var provider in new[] { "p-legacy", "p-current", "p-raw" })
            {
                context.VirtualKeys.Add(new VirtualKey { Id = "k-" + provider, KeyValue = "vk_" + provider, KeyHash = "h-" + provider, Name = provider, ProviderId = provider, CreatedAt = now, UpdatedAt = now });
            }

            await context.SaveChangesAsync();
        }

        async Task<(HttpStatusCode Status, string Body)> ChatAsync(GatewayHostFactory host, string keyValue)
        {
            using var client = host.CreateClient(keyValue);
            using var response = await client.PostAsync("/v1/chat/completions", HostTestData.Json(HostTestData.ValidChat));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var withSecret = new Dictionary<string, string?>(NoDemoData) { ["GatewayPersistence:Security:LegacyJwtSecret"] = jwtSecret };
        await using (var host = new GatewayHostFactory(database.ConnectionString, withSecret))
        {
            Assert.Multiple(async () =>
            {
                Assert.That((await ChatAsync(host, "vk_p-legacy")).Status, Is.EqualTo(HttpStatusCode.OK));
                Assert.That((await ChatAsync(host, "vk_p-current")).Status, Is.EqualTo(HttpStatusCode.OK));
                // A key that decrypts to something still encrypted reaches the upstream as such, and it refuses it.
                Assert.That((await ChatAsync(host, "vk_p-raw")).Status, Is.EqualTo(HttpStatusCode.BadGateway));
            });
        }

        var wrongSecret = new Dictionary<string, string?>(NoDemoData) { ["GatewayPersistence:Security:LegacyJwtSecret"] = "not-the-secret" };
        await using (var host = new GatewayHostFactory(database.ConnectionString, wrongSecret))
        {
            var (status, body) = await ChatAsync(host, "vk_p-legacy");
            using var json = JsonDocument.Parse(body);
            Assert.Multiple(async () =>
            {
                Assert.That(status, Is.EqualTo(HttpStatusCode.BadGateway));
                Assert.That(json.RootElement.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("upstream_credentials"));
                Assert.That(body, Does.Not.Contain("sk-adopted").And.Not.Contain(jwtSecret));
                Assert.That((await ChatAsync(host, "vk_p-current")).Status, Is.EqualTo(HttpStatusCode.OK), "other providers still work");
            });
        }
    }

    private static List<(string Method, string Path)> AdminEndpoints(GatewayHostFactory factory)
        => factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText is { } raw && raw.TrimStart('/').StartsWith("admin", StringComparison.Ordinal))
            .Where(endpoint => endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (method, "/" + endpoint.RoutePattern.RawText!.TrimStart('/'))))
            .Where(endpoint => !endpoint.Item2.Contains('{', StringComparison.Ordinal))
            .Distinct()
            .ToList();

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        return await client.SendAsync(request);
    }

    private static async Task<string> BearerTokenAsync(HttpClient client)
    {
        using var login = await client.PostAsJsonAsync("/admin/login", new { username = GatewayHostFactory.AdminUsername, password = GatewayHostFactory.AdminPassword });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        Assert.That(json.RootElement.GetProperty("tokenType").GetString(), Is.EqualTo("Bearer"));
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    private static async Task<HttpStatusCode> LoginAsync(HttpClient client, string password, string username = GatewayHostFactory.AdminUsername)
    {
        using var response = await client.PostAsJsonAsync("/admin/login", new { username, password });
        return response.StatusCode;
    }
}
