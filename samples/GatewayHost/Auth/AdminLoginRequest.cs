namespace GatewayHost.Auth;

/// <summary>The JSON body of <c>POST /admin/login</c>: <c>{"username": "...", "password": "..."}</c>.</summary>
internal sealed record AdminLoginRequest(string? Username, string? Password);
