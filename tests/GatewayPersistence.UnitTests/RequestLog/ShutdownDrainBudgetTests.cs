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

    [TestCase(3, 2_250, 375)]      // half of the 750 ms left before a 3 s host timeout
    [TestCase(30, 20_000, 2_000)]  // at most 2 s
    [TestCase(3, 3_000, 0)]        // no margin left: at once
    public void In_flight_writes_are_waited_for_half_the_margin_after_the_budget_at_most_2_s(
        int hostSeconds, int budgetMilliseconds, int expectedMilliseconds)
        => Assert.That(
            ApiRequestFlushService.LeaveBehindGrace(TimeSpan.FromSeconds(hostSeconds), TimeSpan.FromMilliseconds(budgetMilliseconds)),
            Is.EqualTo(TimeSpan.FromMilliseconds(expectedMilliseconds)));

    [Test]
    public void An_infinite_host_timeout_waits_2_s_for_in_flight_writes()
        => Assert.That(ApiRequestFlushService.LeaveBehindGrace(Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(20)), Is.EqualTo(TimeSpan.FromSeconds(2)));
}
