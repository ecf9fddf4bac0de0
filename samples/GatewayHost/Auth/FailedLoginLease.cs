using System.Threading.RateLimiting;

namespace GatewayHost.Auth;

/// <summary>The answer of <see cref="FailedLoginRateLimiter"/>: acquired, or refused with when to retry.</summary>
internal sealed class FailedLoginLease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
{
    public static readonly FailedLoginLease Acquired = new(true, null);

    public override bool IsAcquired { get; } = isAcquired;

    public override IEnumerable<string> MetadataNames => retryAfter is null ? Array.Empty<string>() : new[] { MetadataName.RetryAfter.Name };

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = after;
            return true;
        }

        metadata = null;
        return false;
    }
}
