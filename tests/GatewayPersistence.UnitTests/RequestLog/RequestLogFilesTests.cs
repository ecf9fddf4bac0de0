using GatewayPersistence.RequestLog;
using Microsoft.Extensions.Logging.Abstractions;

namespace GatewayPersistence.UnitTests.RequestLog;

/// <summary>The journal's directory lock, crash leftovers and file modes; the dead-letter files' retention and size cap.</summary>
public sealed class RequestLogFilesTests
{
    private string directory = "";

    [SetUp]
    public void CreateDirectory()
    {
        directory = Path.Combine(Path.GetTempPath(), $"gateway-files-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public void A_second_journal_on_the_same_directory_fails_at_open_naming_it()
    {
        using var metrics = new RequestLogMetrics();
        using var first = Journal(metrics);
        using var second = Journal(metrics);
        first.Open();

        var error = Assert.Throws<InvalidOperationException>(second.Open);

        Assert.That(error!.Message, Does.Contain(Path.Combine(directory, "journal")).And.Contain("another process"));
    }

    [Test]
    public void The_lock_is_released_on_dispose()
    {
        using var metrics = new RequestLogMetrics();
        using (var first = Journal(metrics))
        {
            first.Open();
        }

        using var next = Journal(metrics);
        Assert.DoesNotThrow(next.Open);
    }

    [Test]
    public void A_tmp_file_left_by_a_crash_becomes_a_segment_and_an_empty_one_is_removed()
    {
        var journalDirectory = Path.Combine(directory, "journal");
        Directory.CreateDirectory(journalDirectory);
        File.WriteAllText(Path.Combine(journalDirectory, "000000000007.jsonl.tmp"), """{"Id":"a","CreatedAt":"2025-01-01T00:00:00+00:00"}""" + "\n");
        File.WriteAllText(Path.Combine(journalDirectory, "000000000008.jsonl.tmp"), "");
        using var metrics = new RequestLogMetrics();
        using var journal = Journal(metrics);

        journal.Open();

        Assert.That(journal.ListSegments().Select(Path.GetFileName), Is.EqualTo(new[] { "000000000007.jsonl" }));
        Assert.That(Directory.GetFiles(journalDirectory, "*.tmp"), Is.Empty);
        Assert.That(metrics.JournalTemporaryRecovered, Is.EqualTo(1));
        Assert.That(journal.Read(journal.ListSegments()[0]).Single().Id, Is.EqualTo("a"));
    }

    [Test]
    public void A_torn_last_record_and_a_corrupt_one_are_detected_counted_and_left_out()
    {
        using var metrics = new RequestLogMetrics();
        using var journal = Journal(metrics);
        journal.Open();
        Assert.That(journal.TryAppend([Record("good"), Record("flipped"), Record("torn")]), Is.True);
        var segment = journal.ListSegments().Single();
        var lines = File.ReadAllText(segment).Split('\n');
        // A flipped byte inside the second record's JSON; the third cut off half-way, as a crash during an append leaves it.
        lines[1] = lines[1].Replace("flipped", "flopped", StringComparison.Ordinal);
        File.WriteAllText(segment, lines[0] + "\n" + lines[1] + "\n" + lines[2][..(lines[2].Length / 2)]);

        var records = journal.Read(segment);

        Assert.That(records.Select(record => record.Id), Is.EqualTo(new[] { "good" }));
        Assert.That(metrics.JournalCorruptRecords, Is.EqualTo(1));
        Assert.That(metrics.JournalTornRecords, Is.EqualTo(1));
    }

    [Test]
    public void Segments_and_dead_letter_files_are_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes only.");
            return;
        }

        using var metrics = new RequestLogMetrics();
        using var journal = Journal(metrics);
        journal.Open();
        Assert.That(journal.TryAppend([Record("x")]), Is.True);
        var deadLetters = DeadLetters(metrics, new RequestLogOptions { DeadLetterDirectory = Path.Combine(directory, "dead") }, DateTimeOffset.UtcNow);
        deadLetters.Write([new RejectedApiRequest(Record("y"), "refused", 1406, "alone")]);

        var segment = journal.ListSegments().Single();
        var deadLetterFile = Directory.GetFiles(Path.Combine(directory, "dead")).Single();
        Assert.That(File.GetUnixFileMode(segment), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.GetUnixFileMode(deadLetterFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.ReadAllText(deadLetterFile), Does.Contain("\"ErrorNumber\":1406").And.Contain("\"Judgement\":\"alone\""));
    }

    [Test]
    public void The_directory_is_flushed_after_each_segment_rename_on_unix()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "Windows: NTFS journals the rename; nothing to flush");
        using var metrics = new RequestLogMetrics();
        using var journal = Journal(metrics);
        journal.Open();

        Assert.That(journal.TryAppend([Record("a")]), Is.True);
        Assert.That(journal.TryAppend([Record("b")]), Is.True);

        Assert.That(journal.DirectorySyncs, Is.EqualTo(2));
    }

    [Test]
    public void Flushing_a_missing_directory_answers_false_without_throwing()
    {
        Assert.That(DirectorySync.TryFlush(Path.Combine(directory, "missing")), Is.False);
        Assert.That(DirectorySync.TryFlush(directory), Is.EqualTo(!OperatingSystem.IsWindows()));
    }

    [Test]
    public void Dead_letter_files_past_the_retention_are_deleted()
    {
        var deadDirectory = Path.Combine(directory, "dead");
        Directory.CreateDirectory(deadDirectory);
        var old = Path.Combine(deadDirectory, "dead-letter-20240101.jsonl");
        var recent = Path.Combine(deadDirectory, "dead-letter-20250105.jsonl");
        File.WriteAllText(old, "{}\n");
        File.WriteAllText(recent, "{}\n");
        var now = new DateTimeOffset(2025, 1, 10, 0, 0, 0, TimeSpan.Zero);
        File.SetLastWriteTimeUtc(old, now.AddDays(-40).UtcDateTime);
        File.SetLastWriteTimeUtc(recent, now.AddDays(-5).UtcDateTime);
        using var metrics = new RequestLogMetrics();

        DeadLetters(metrics, new RequestLogOptions { DeadLetterDirectory = deadDirectory, DeadLetterRetention = TimeSpan.FromDays(30) }, now).Prune();

        Assert.That(File.Exists(old), Is.False);
        Assert.That(File.Exists(recent), Is.True);
        Assert.That(metrics.DeadLetterFilesPruned, Is.EqualTo(1));
    }

    [Test]
    public void The_oldest_dead_letter_files_go_when_the_total_exceeds_the_cap()
    {
        var deadDirectory = Path.Combine(directory, "dead");
        Directory.CreateDirectory(deadDirectory);
        var now = DateTimeOffset.UtcNow;
        var names = new[] { "dead-letter-20250101.jsonl", "dead-letter-20250102.jsonl", "dead-letter-20250103.jsonl" };
        foreach (var name in names)
        {
            File.WriteAllBytes(Path.Combine(deadDirectory, name), new byte[600 * 1024]);
        }

        using var metrics = new RequestLogMetrics();
        DeadLetters(metrics, new RequestLogOptions { DeadLetterDirectory = deadDirectory, DeadLetterMaxBytes = 1024 * 1024 + 300 * 1024 }, now).Prune();

        Assert.That(Directory.GetFiles(deadDirectory).Select(Path.GetFileName).Order(), Is.EqualTo(names[1..]));
    }

    private SpillJournal Journal(RequestLogMetrics metrics)
        => new(new RequestLogOptions { JournalDirectory = Path.Combine(directory, "journal") }, metrics, NullLogger<SpillJournal>.Instance);

    private static DeadLetterFile DeadLetters(RequestLogMetrics metrics, RequestLogOptions options, DateTimeOffset now)
        => new(options, metrics, new FixedTime(now), NullLogger<DeadLetterFile>.Instance);

    private static ApiRequestRecord Record(string id) => new() { Id = id, CreatedAt = DateTimeOffset.UnixEpoch };

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
