namespace GatewayHost.Chat;

/// <summary>The upstream refused the provider's API key (mapped to 502: the gateway's credentials, not the client's).</summary>
internal sealed class UpstreamRejectedKeyException()
    : Exception("The upstream provider refused the gateway's API key.");
