using System.Data.Common;
using System.Net;
using System.Security.Claims;
using System.Text.Json;
using GatewayPersistence.Repositories;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore.Storage;

namespace GatewayHost.Auth;

/// <summary>
/// <c>GET /admin/login</c> (the login page), <c>POST /admin/login</c> and <c>POST /admin/logout</c>, open to anyone.
/// <c>POST /admin/login</c> checks the password against <c>users</c> through <see cref="IUserRepository.VerifyPasswordAsync"/>
/// (which upgrades a legacy hash) and answers, depending on the request:
/// <list type="bullet">
/// <item>a JSON body <c>{"username","password"}</c>: a bearer token, <c>{"tokenType":"Bearer","accessToken":...,"expiresIn":...}</c>, for scripts;</item>
/// <item>the same with <c>?useCookies=true</c>: the session cookie (204);</item>
/// <item>the login page's form post: the session cookie and a redirect to <c>returnUrl</c> (local paths only).</item>
/// </list>
/// A failed login answers 401 and counts against the client; the limit's next attempt answers 429.
/// Nothing about the attempt (username, password, token) is logged but the client address and the user id.
/// </summary>
internal static partial class AdminLoginEndpoints
{
    private const int MaxUsernameLength = 255;
    private const int MaxPasswordLength = 1024;
    private const string DefaultReturnUrl = "/admin/";

    public static IEndpointRouteBuilder MapAdminLogin(this IEndpointRouteBuilder endpoints)
    {
        var login = endpoints.MapGroup("/admin").AllowAnonymous();
        login.MapGet("/login", (string? returnUrl, bool? failed) => LoginPage(returnUrl, failed == true, StatusCodes.Status200OK));
        login.MapPost("/login", LoginAsync).RequireRateLimiting(AdminAuthentication.LoginRateLimitPolicy);
        login.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(AdminAuthentication.CookieScheme);
            return Results.NoContent();
        });
        return endpoints;
    }

    private static async Task<IResult> LoginAsync(
        HttpContext http, bool? useCookies, IUserRepository users, FailedLoginTracker failures, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(AdminLoginEndpoints));
        var cancellationToken = http.RequestAborted;
        var fromForm = http.Request.HasFormContentType;
        string? username, password, returnUrl = null;
        if (fromForm)
        {
            var form = await http.Request.ReadFormAsync(cancellationToken);
            username = form["username"];
            password = form["password"];
            returnUrl = form["returnUrl"];
        }
        else
        {
            AdminLoginRequest? body;
            try
            {
                body = await http.Request.ReadFromJsonAsync<AdminLoginRequest>(cancellationToken);
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException)
            {
                // Not JSON, or not a JSON content type: the parser's message could quote the body, which holds the password.
                return Results.BadRequest(new { error = "Send {\"username\": \"...\", \"password\": \"...\"} as application/json, or the login form." });
            }

            username = body?.Username;
            password = body?.Password;
        }

        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password)
            || username.Length > MaxUsernameLength || password.Length > MaxPasswordLength)
        {
            return Results.BadRequest(new { error = $"'username' (1 to {MaxUsernameLength} characters) and 'password' (1 to {MaxPasswordLength}) are required." });
        }

        var client = FailedLoginRateLimiterPolicy.ClientKey(http);
        GatewayPersistence.Entities.User? user;
        try
        {
            user = await users.VerifyPasswordAsync(username, password, cancellationToken);
        }
        catch (Exception exception) when (exception is DbException or RetryLimitExceededException or TimeoutException)
        {
            LogLoginUnavailable(logger);
            return Results.Problem("The gateway cannot check logins right now; retry shortly.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (user is null)
        {
            failures.RecordFailure(client);
            LogLoginFailed(logger, client);
            return fromForm
                ? LoginPage(returnUrl, failed: true, StatusCodes.Status401Unauthorized)
                : Results.Json(new { error = "Wrong username or password." }, statusCode: StatusCodes.Status401Unauthorized);
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Name, user.Username)], AdminAuthentication.Scheme));
        if (fromForm)
        {
            LogLoggedIn(logger, user.Id, "cookie");
            await http.SignInAsync(AdminAuthentication.CookieScheme, principal);
            return Results.Redirect(IsLocalPath(returnUrl) ? returnUrl! : DefaultReturnUrl);
        }

        if (useCookies == true)
        {
            LogLoggedIn(logger, user.Id, "cookie");
            await http.SignInAsync(AdminAuthentication.CookieScheme, principal);
            return Results.NoContent();
        }

        LogLoggedIn(logger, user.Id, "bearer token");
        return Results.SignIn(principal, authenticationScheme: AdminAuthentication.BearerScheme);
    }

    /// <summary>Only a path on this host: "/x", never "//host" or "/\host" (an open redirect).</summary>
    private static bool IsLocalPath(string? url)
        => url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    private static IResult LoginPage(string? returnUrl, bool failed, int statusCode)
    {
        var target = WebUtility.HtmlEncode(IsLocalPath(returnUrl) ? returnUrl : DefaultReturnUrl);
        var message = failed ? """<p class="error">Wrong username or password.</p>""" : "";
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Gateway admin: sign in</title>
            <style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.4rem 0}.error{color:#b00}</style></head>
            <body>
            <h1>Gateway admin</h1>
            {{message}}
            <form method="post" action="{{AdminAuthentication.LoginPath}}">
              <input type="hidden" name="returnUrl" value="{{target}}">
              <label>Username <input name="username" autocomplete="username" required maxlength="{{MaxUsernameLength}}"></label>
              <label>Password <input name="password" type="password" autocomplete="current-password" required maxlength="{{MaxPasswordLength}}"></label>
              <button type="submit">Sign in</button>
            </form>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: statusCode);
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Admin user {UserId} signed in ({Method})")]
    private static partial void LogLoggedIn(ILogger logger, string userId, string method);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "A failed admin login from {Client}")]
    private static partial void LogLoginFailed(ILogger logger, string client);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "An admin login could not be checked: the database is unavailable")]
    private static partial void LogLoginUnavailable(ILogger logger);
}
