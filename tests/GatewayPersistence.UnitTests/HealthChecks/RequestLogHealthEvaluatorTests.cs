using GatewayPersistence.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GatewayPersistence.UnitTests.HealthChecks;

/// <summary>The request-log health rule: Unhealthy when dropping; Degraded when spilling, journal faulted or over 80% full.</summary>
public sealed class RequestLogHealthEvaluatorTests
{
    [TestCase(0, false, false, false, HealthStatus.Healthy)]
    [TestCase(800, false, false, false, HealthStatus.Healthy)]
    [TestCase(801, false, false, false, HealthStatus.Degraded)]
    [TestCase(10, true, false, false, HealthStatus.Degraded)]
    [TestCase(10, false, false, true, HealthStatus.Degraded)]
    [TestCase(10, false, true, false, HealthStatus.Unhealthy)]
    [TestCase(1000, true, true, true, HealthStatus.Unhealthy)]
    public void Status_follows_the_pipeline_state(int depth, bool spilling, bool dropping, bool journalFaulted, HealthStatus expected)
    {
        var result = RequestLogHealthEvaluator.Evaluate(new RequestLogHealthSnapshot(depth, 1000, spilling, dropping, journalFaulted));

        Assert.That(result.Status, Is.EqualTo(expected));
        Assert.That(result.Data["queue_depth"], Is.EqualTo((long)depth));
    }

    [Test]
    public void Degraded_description_names_every_reason()
    {
        var result = RequestLogHealthEvaluator.Evaluate(new RequestLogHealthSnapshot(900, 1000, true, false, true));

        Assert.That(result.Description, Does.Contain("spilling").And.Contain("journal cannot be written").And.Contain("900 of 1000"));
    }
}
