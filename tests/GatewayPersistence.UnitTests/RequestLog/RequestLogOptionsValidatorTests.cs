using GatewayPersistence.DependencyInjection;
using GatewayPersistence.RequestLog;

namespace GatewayPersistence.UnitTests.RequestLog;

/// <summary>Every request-log setting is checked at start, each failure naming it.</summary>
public sealed class RequestLogOptionsValidatorTests
{
    [Test]
    public void Defaults_are_valid()
        => Assert.That(new RequestLogOptionsValidator().Validate(null, new GatewayPersistenceOptions()).Succeeded, Is.True);

    [TestCase(nameof(RequestLogOptions.MaxBatchRows))]
    [TestCase(nameof(RequestLogOptions.MaxBatchBytes))]
    [TestCase(nameof(RequestLogOptions.OverflowBufferCapacity))]
    [TestCase(nameof(RequestLogOptions.OverflowPolicy))]
    [TestCase(nameof(RequestLogOptions.WriteMode))]
    [TestCase(nameof(RequestLogOptions.MaxRetryAttempts))]
    [TestCase(nameof(RequestLogOptions.RetryBaseDelay))]
    [TestCase(nameof(RequestLogOptions.RetryMaxDelay))]
    [TestCase(nameof(RequestLogOptions.ProbeInterval))]
    [TestCase(nameof(RequestLogOptions.ShutdownDrainTimeout))]
    [TestCase(nameof(RequestLogOptions.CommandTimeout))]
    [TestCase(nameof(RequestLogOptions.DeadLetterRetention))]
    [TestCase(nameof(RequestLogOptions.DeadLetterMaxBytes))]
    [TestCase(nameof(RequestLogOptions.DeadLetterDirectory))]
    public void A_bad_value_is_named(string setting)
    {
        var options = new GatewayPersistenceOptions();
        var log = options.RequestLog;
        switch (setting)
        {
            case nameof(RequestLogOptions.MaxBatchRows): log.MaxBatchRows = 0; break;
            case nameof(RequestLogOptions.MaxBatchBytes): log.MaxBatchBytes = 100; break;
            case nameof(RequestLogOptions.OverflowBufferCapacity): log.OverflowBufferCapacity = 0; break;
            case nameof(RequestLogOptions.OverflowPolicy): log.OverflowPolicy = (RequestLogOverflowPolicy)42; break;
            case nameof(RequestLogOptions.WriteMode): log.WriteMode = (RequestLogWriteMode)42; break;
            case nameof(RequestLogOptions.MaxRetryAttempts): log.MaxRetryAttempts = -1; break;
            case nameof(RequestLogOptions.RetryBaseDelay): log.RetryBaseDelay = TimeSpan.FromSeconds(-1); break;
            case nameof(RequestLogOptions.RetryMaxDelay): log.RetryMaxDelay = TimeSpan.FromMilliseconds(1); break;
            case nameof(RequestLogOptions.ProbeInterval): log.ProbeInterval = TimeSpan.FromSeconds(-2); break;
            case nameof(RequestLogOptions.ShutdownDrainTimeout): log.ShutdownDrainTimeout = TimeSpan.FromSeconds(-1); break;
            case nameof(RequestLogOptions.CommandTimeout): log.CommandTimeout = TimeSpan.Zero; break;
            case nameof(RequestLogOptions.DeadLetterRetention): log.DeadLetterRetention = TimeSpan.Zero; break;
            case nameof(RequestLogOptions.DeadLetterMaxBytes): log.DeadLetterMaxBytes = 10; break;
            case nameof(RequestLogOptions.DeadLetterDirectory): log.DeadLetterDirectory = " "; break;
        }

        var result = new RequestLogOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain($"RequestLog:{setting} "));
    }

    [Test]
    public void The_dead_letter_directory_must_not_be_the_journal()
    {
        var options = new GatewayPersistenceOptions();
        options.RequestLog.JournalDirectory = "/tmp/same";
        options.RequestLog.DeadLetterDirectory = "/tmp/same/";

        Assert.That(new RequestLogOptionsValidator().Validate(null, options).FailureMessage, Does.Contain("DeadLetterDirectory"));
    }
}
