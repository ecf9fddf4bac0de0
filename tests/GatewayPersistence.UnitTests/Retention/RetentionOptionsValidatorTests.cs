using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Retention;

namespace GatewayPersistence.UnitTests.Retention;

public class RetentionOptionsValidatorTests
{
    private static string[] Failures(Action<RetentionOptions> configure)
    {
        var options = new GatewayPersistenceOptions();
        configure(options.RequestLog.Retention);
        var result = new RetentionOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures!.ToArray() : [];
    }

    [Test]
    public void The_defaults_are_valid_and_off()
    {
        var defaults = new RetentionOptions();
        Assert.That(Failures(_ => { }), Is.Empty);
        Assert.That((defaults.RowDays, defaults.BodyDays), Is.EqualTo(((int?)null, (int?)null)));
    }

    [Test]
    public void Bad_numbers_are_named()
    {
        Assert.That(Failures(r => r.RowDays = 0), Has.One.Contains("RequestLog:Retention").And.Contains("RowDays"));
        Assert.That(Failures(r => r.BodyDays = -1), Has.One.Contains("BodyDays"));
        Assert.That(Failures(r => r.ChunkRows = 10), Has.One.Contains("ChunkRows"));
        Assert.That(Failures(r => r.TimeBudget = TimeSpan.Zero), Has.One.Contains("TimeBudget"));
        Assert.That(Failures(r => r.Interval = TimeSpan.FromSeconds(-1)), Has.One.Contains("Interval"));
        Assert.That(Failures(r => r.ChunkPause = TimeSpan.FromSeconds(-1)), Has.One.Contains("ChunkPause"));
        Assert.That(Failures(r => r.ChunkPauseFactor = -0.5), Has.One.Contains("ChunkPauseFactor"));
    }

    [Test]
    public void Bodies_cannot_be_kept_longer_than_rows()
    {
        Assert.That(Failures(r => (r.RowDays, r.BodyDays) = (30, 60)), Has.One.Contains("BodyDays (60) must not exceed RowDays (30)"));
        Assert.That(Failures(r => (r.RowDays, r.BodyDays) = (90, 7)), Is.Empty);
        Assert.That(Failures(r => r.BodyDays = 7), Is.Empty);
    }

    [Test]
    public void The_cutoff_is_the_start_of_the_hour_the_days_ago()
    {
        var now = DateTimeOffset.Parse("2026-12-01T10:42:17.123Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        var cutoff = RequestLogRetention.HourCutoff(now, 30);
        Assert.That(DateTimeOffset.FromUnixTimeMilliseconds(cutoff), Is.EqualTo(DateTimeOffset.Parse("2026-11-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
