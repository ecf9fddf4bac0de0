using GatewayPersistence.RequestLog;

namespace GatewayPersistence.UnitTests.RequestLog;

/// <summary>The queue is bounded by bytes as well as by records: large bodies follow the overflow policy early.</summary>
public sealed class ApiRequestQueueBytesTests
{
    private const int BodyCharacters = 512 * 1024; // 1 MiB in memory per record (UTF-16)

    [Test]
    public void Records_past_the_byte_budget_are_dropped_and_counted_under_a_dropping_policy()
    {
        using var metrics = new RequestLogMetrics();
        var queue = new ApiRequestQueue(new RequestLogOptions
        {
            QueueCapacity = 1_000, MaxQueuedBytes = 4L * 1024 * 1024 + 4096, OverflowPolicy = RequestLogOverflowPolicy.DropNewest,
        }, metrics);

        var accepted = Enumerable.Range(0, 10).Count(index => queue.Enqueue(Big($"big-{index}")));

        Assert.That(accepted, Is.EqualTo(4));
        Assert.That(metrics.Dropped, Is.EqualTo(6));
        Assert.That(queue.QueuedBytes, Is.LessThanOrEqualTo(4L * 1024 * 1024 + 4096));
    }

    [Test]
    public void Taking_a_record_releases_its_bytes()
    {
        using var metrics = new RequestLogMetrics();
        var queue = new ApiRequestQueue(new RequestLogOptions
        {
            QueueCapacity = 1_000, MaxQueuedBytes = 2L * 1024 * 1024 + 4096, OverflowPolicy = RequestLogOverflowPolicy.DropNewest,
        }, metrics);
        Assert.That(queue.Enqueue(Big("a")) && queue.Enqueue(Big("b")), Is.True);
        Assert.That(queue.Enqueue(Big("c")), Is.False);

        Assert.That(queue.TryTake(out var taken), Is.True);

        Assert.That(taken.Record.Id, Is.EqualTo("a"));
        Assert.That(queue.Enqueue(Big("d")), Is.True);
        Assert.That(queue.QueuedBytes, Is.EqualTo(2 * RecordMemorySize.Of(Big("x"))));
    }

    [Test]
    public void With_the_journal_policy_records_past_the_budget_go_to_the_overflow_buffer()
    {
        using var metrics = new RequestLogMetrics();
        var journal = Path.Combine(Path.GetTempPath(), $"gateway-bytes-{Guid.NewGuid():N}");
        var queue = new ApiRequestQueue(new RequestLogOptions
        {
            QueueCapacity = 1_000, MaxQueuedBytes = 2L * 1024 * 1024 + 4096, OverflowPolicy = RequestLogOverflowPolicy.Journal,
            JournalDirectory = journal,
        }, metrics);

        var accepted = Enumerable.Range(0, 6).Count(index => queue.Enqueue(Big($"j-{index}")));

        Assert.That(queue.Count, Is.EqualTo(2));
        Assert.That(queue.OverflowReader!.Count, Is.EqualTo(2));
        Assert.That(accepted, Is.EqualTo(4));
        Assert.That(metrics.Dropped, Is.EqualTo(2));
    }

    [Test]
    public void The_size_counts_every_string()
    {
        var small = new ApiRequestRecord { Id = "x", CreatedAt = DateTimeOffset.UnixEpoch, RequestType = null };
        var large = small with { RequestBody = new string('b', 100), ResponseBody = new string('r', 50), UserAgent = "ua" };

        Assert.That(RecordMemorySize.Of(large) - RecordMemorySize.Of(small), Is.EqualTo(2 * 152));
    }

    private static ApiRequestRecord Big(string id)
        => new() { Id = id, CreatedAt = DateTimeOffset.UnixEpoch, RequestBody = new string('b', BodyCharacters) };
}
