using GatewayPersistence.RequestLog;

namespace GatewayPersistence.UnitTests.RequestLog;

/// <summary>Classification by evidence: only errors about a row's content are data errors; every other error is a server state.</summary>
public sealed class RequestLogFailureTests
{
    [TestCase(1021, TestName = "disk full")]
    [TestCase(1037, TestName = "out of memory")]
    [TestCase(1041, TestName = "out of memory (resources)")]
    [TestCase(1045, TestName = "access denied")]
    [TestCase(1047, TestName = "WSREP not ready")]
    [TestCase(1049, TestName = "unknown database")]
    [TestCase(1114, TestName = "table full")]
    [TestCase(1129, TestName = "host blocked")]
    [TestCase(1130, TestName = "host not allowed")]
    [TestCase(1142, TestName = "INSERT denied")]
    [TestCase(1180, TestName = "error during COMMIT")]
    [TestCase(1205, TestName = "lock wait timeout")]
    [TestCase(1290, TestName = "read only")]
    [TestCase(1999, TestName = "unknown number below 2000")]
    [TestCase(2013, TestName = "lost connection")]
    [TestCase(4031, TestName = "disconnected for inactivity")]
    [TestCase(0, TestName = "no number")]
    public void A_server_or_deployment_state_is_retried_and_journaled_never_split(int number)
        => Assert.That(RequestLogFailure.ClassifyServerError(number), Is.EqualTo(RequestLogFailureKind.Transient));

    [TestCase(1048, TestName = "NOT NULL")]
    [TestCase(1264, TestName = "out of range")]
    [TestCase(1265, TestName = "truncated")]
    [TestCase(1292, TestName = "incorrect value")]
    [TestCase(1366, TestName = "incorrect string value")]
    [TestCase(1406, TestName = "data too long")]
    [TestCase(1644, TestName = "trigger SIGNAL")]
    [TestCase(3140, TestName = "invalid JSON (MySQL)")]
    [TestCase(3819, TestName = "CHECK (MySQL)")]
    [TestCase(4025, TestName = "CHECK (MariaDB)")]
    public void An_error_about_a_rows_content_is_a_data_error(int number)
        => Assert.That(RequestLogFailure.ClassifyServerError(number), Is.EqualTo(RequestLogFailureKind.Data));

    [Test]
    public void A_duplicate_id_is_a_conflict()
        => Assert.That(RequestLogFailure.ClassifyServerError(1062), Is.EqualTo(RequestLogFailureKind.Conflict));

    [Test]
    public void Exceptions_without_a_server_error_are_retried()
    {
        Assert.That(RequestLogFailure.IsTransient(new IOException("reset")), Is.True);
        Assert.That(RequestLogFailure.IsTransient(new InvalidOperationException("unexpected")), Is.True);
        Assert.That(RequestLogFailure.IsTransient(new OperationCanceledException()), Is.False);
        Assert.That(RequestLogFailure.IsTransient(new ApiRequestRowsSkippedException("1 skipped", 1366)), Is.False);
    }

    [Test]
    public void The_dead_letter_reason_names_the_error_and_the_evidence()
    {
        var reason = RequestLogFailure.DataReasonOf(new ApiRequestRowsSkippedException("1 rows sent but 0 inserted", 1366));

        Assert.That(reason, Does.Contain("alone"));
        Assert.That(RequestLogFailure.ErrorNumberOf(new ApiRequestRowsSkippedException("x", 1366)), Is.EqualTo(1366));
    }
}
