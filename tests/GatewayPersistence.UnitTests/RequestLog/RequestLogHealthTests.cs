using GatewayPersistence.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GatewayPersistence.UnitTests.RequestLog;

/// <summary>The request-log health tells a failing loop and dead-lettering apart from a healthy pipeline.</summary>
public sealed class RequestLogHealthTests
{
    [Test]
    public void A_failing_flush_loop_is_unhealthy()
    {
        var result = RequestLogHealthEvaluator.Evaluate(new RequestLogHealthSnapshot(0, 1000, false, false, false, IsFailing: true));

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(result.Data["failing"], Is.EqualTo(true));
    }

    [Test]
    public void Dead_lettering_is_degraded_not_healthy()
    {
        var result = RequestLogHealthEvaluator.Evaluate(new RequestLogHealthSnapshot(0, 1000, false, false, false, IsDeadLettering: true));

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(result.Description, Does.Contain("dead-lettering"));
    }
}
