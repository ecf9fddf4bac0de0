using GatewayPersistence.RequestLog;

namespace GatewayPersistence.UnitTests.RequestLog;

/// <summary>The shutdown drain writes within the host's shutdown timeout less a margin for journaling the rest.</summary>
public sealed class ShutdownDrainBudgetTests
{
    [TestCase(30, 20, 20_000)]     // the drain's own limit is the shorter
    [TestCase(2, 20, 1_500)]       // a quarter of a short host timeout is kept for the journal
    [TestCase(60, 3_600, 55_000)]  // the margin is at most 5 s
    [TestCase(0, 20, 0)]           // no time at all: journal at once
    public void The_budget_is_the_smaller_of_the_drain_timeout_and_the_host_timeout_less_its_margin(
        int hostSeconds, int drainSeconds, int expectedMilliseconds)
        => Assert.That(
            ApiRequestFlushService.DrainBudget(TimeSpan.FromSeconds(hostSeconds), TimeSpan.FromSeconds(drainSeconds)),
            Is.EqualTo(TimeSpan.FromMilliseconds(expectedMilliseconds)));

    [Test]
    public void An_infinite_host_timeout_leaves_the_drain_timeout()
        => Assert.That(ApiRequestFlushService.DrainBudget(Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(20)), Is.EqualTo(TimeSpan.FromSeconds(20)));
}
