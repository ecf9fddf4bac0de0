using GatewayPersistence.RequestLog;

namespace GatewayPersistence.UnitTests.RequestLog;

/// <summary>A write session's wait_timeout: the server ends a session cut off mid-transaction soon, not after 8 hours.</summary>
public sealed class WriteSessionIdleLimitTests
{
    [TestCase(5, 15)]                     // the faults run's command timeout
    [TestCase(30, 40)]                    // the default
    [TestCase(int.MaxValue, 31_536_000)]  // capped at the largest wait_timeout the servers take
    public void A_write_session_may_stay_silent_the_command_timeout_plus_10_s(int commandTimeoutSeconds, int expected)
        => Assert.That(ApiRequestBatchTransaction.IdleLimitSeconds(commandTimeoutSeconds), Is.EqualTo(expected));
}
