using GatewayPersistence.RequestLog;
using Microsoft.Extensions.Logging.Abstractions;

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
    public void With_the_journal_policy_a_caller_that_finds_the_overflow_buffer_full_journals_it_instead_of_dropping()
    {
        using var metrics = new RequestLogMetrics();
        var directory = Path.Combine(Path.GetTempPath(), $"gateway-bytes-{Guid.NewGuid():N}");
        var options = new RequestLogOptions
        {
            QueueCapacity = 1_000, MaxQueuedBytes = 2L * 1024 * 1024 + 4096, OverflowPolicy = RequestLogOverflowPolicy.Journal,
            JournalDirectory = directory,
        };
        using var journal = new SpillJournal(options, metrics, NullLogger<SpillJournal>.Instance);
        try
        {
            var queue = new ApiRequestQueue(options, metrics, journal);

            // Two fit the queue, two the overflow buffer (no overflow loop runs here); the fifth journals the buffer and
            // itself, so the sixth finds room in the buffer again.
            var accepted = Enumerable.Range(0, 6).Count(index => queue.Enqueue(Big($"j-{index}")));

            Assert.That(accepted, Is.EqualTo(6));
            Assert.That(metrics.Dropped, Is.Zero);
            Assert.That(metrics.Spilled, Is.EqualTo(3));
            Assert.That(journal.ListSegments().SelectMany(journal.Read).Select(record => record.Id), Is.EqualTo(new[] { "j-2", "j-3", "j-4" }));
            Assert.That(queue.Count, Is.EqualTo(2));
            Assert.That(queue.OverflowReader!.Count, Is.EqualTo(1));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Drop_oldest_under_the_byte_budget_drops_the_oldest_records_until_the_new_one_fits()
    {
        using var metrics = new RequestLogMetrics();
        var queue = new ApiRequestQueue(new RequestLogOptions
        {
            QueueCapacity = 1_000, MaxQueuedBytes = 2L * 1024 * 1024 + 4096, OverflowPolicy = RequestLogOverflowPolicy.DropOldest,
        }, metrics);

        var accepted = new[] { "a", "b", "c", "d" }.Select(id => queue.Enqueue(Big(id))).ToList();
        var kept = new List<string>();
        while (queue.TryTake(out var taken))
        {
            kept.Add(taken.Record.Id);
        }

        Assert.That(accepted, Is.All.True);
        Assert.That(kept, Is.EqualTo(new[] { "c", "d" }));
        Assert.That(metrics.Dropped, Is.EqualTo(2));
        Assert.That(queue.QueuedBytes, Is.Zero);
        Assert.That(queue.Processed, Is.EqualTo(2), "a dropped record counts as handled, so a flush does not wait for it");
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
