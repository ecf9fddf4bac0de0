namespace GatewayPersistence.Tests.Infrastructure;

/// <summary>Polls a condition that background work makes true (a lease noticed lost, a replica caught up).</summary>
internal static class Eventually
{
    /// <summary>Whether <paramref name="condition"/> held within <paramref name="timeout"/>, polled every 100 ms.</summary>
    public static async Task<bool> TrueWithinAsync(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }
}
