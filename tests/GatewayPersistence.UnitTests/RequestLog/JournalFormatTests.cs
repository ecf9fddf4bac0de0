using System.Globalization;
using System.Text;
using GatewayPersistence.RequestLog;
using Microsoft.Extensions.Logging.Abstractions;

namespace GatewayPersistence.UnitTests.RequestLog;

/// <summary>
/// The journal line formats: what this version writes carries its version marker, and a segment left by an older
/// version (format 1: the record as given, with or without a checksum) is still read, so an upgrade loses no journal.
/// </summary>
public sealed class JournalFormatTests
{
    // Lines exactly as the format-1 writer produced them (JsonSerializer over ApiRequestRecord, property names as declared).
    private const string OldRecordJson =
        """{"Id":"old-1","CreatedAt":"2025-11-24T16:00:00+00:00","VirtualKeyId":"vk","ProviderId":"p","Model":"gpt-old","PromptTokens":12,"CompletionTokens":3,"CachedTokens":1,"Status":"success","ResponseTimeMs":250,"TfftMs":40,"TffbMs":30,"ErrorMessage":"none","RequestBody":"{\"q\":1}","ResponseBody":"ok","RequestParamsJson":"{\"temperature\":0.5}","ResponseMetaJson":"{}","CacheHit":true,"RequestType":"chat","CompressionOriginalTokens":20,"CompressionSavedTokens":8,"Ip":"10.0.0.1","UserAgent":"old-agent"}""";

    private const string OldUncheckedJson = """{"Id":"old-2","CreatedAt":"2025-11-24T16:00:01+00:00"}""";

    private string directory = "";

    [SetUp]
    public void CreateDirectory()
    {
        directory = Path.Combine(Path.GetTempPath(), $"gateway-format-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public void A_segment_of_the_first_format_is_read_whole_after_an_upgrade()
    {
        var journalDirectory = Path.Combine(directory, "journal");
        Directory.CreateDirectory(journalDirectory);
        File.WriteAllText(
            Path.Combine(journalDirectory, "000000000001.jsonl"),
            Checksummed(OldRecordJson) + "\n" + OldUncheckedJson + "\n",
            new UTF8Encoding(false));
        using var metrics = new RequestLogMetrics();
        using var journal = Journal(metrics);
        journal.Open();

        var records = journal.Read(journal.ListSegments().Single());

        Assert.That(records, Has.Count.EqualTo(2));
        Assert.That(records[0], Is.EqualTo(new ApiRequestRecord
        {
            Id = "old-1",
            CreatedAt = new DateTimeOffset(2025, 11, 24, 16, 0, 0, TimeSpan.Zero),
            VirtualKeyId = "vk",
            ProviderId = "p",
            Model = "gpt-old",
            PromptTokens = 12,
            CompletionTokens = 3,
            CachedTokens = 1,
            Status = "success",
            ResponseTimeMs = 250,
            TfftMs = 40,
            TffbMs = 30,
            ErrorMessage = "none",
            RequestBody = """{"q":1}""",
            ResponseBody = "ok",
            RequestParamsJson = """{"temperature":0.5}""",
            ResponseMetaJson = "{}",
            CacheHit = true,
            RequestType = "chat",
            CompressionOriginalTokens = 20,
            CompressionSavedTokens = 8,
            Ip = "10.0.0.1",
            UserAgent = "old-agent",
        }));
        Assert.That(records[1].Id, Is.EqualTo("old-2"));
        Assert.That(metrics.JournalCorruptRecords + metrics.JournalTornRecords, Is.Zero);
    }

    [Test]
    public void A_line_written_now_carries_the_version_marker_and_reads_back()
    {
        using var metrics = new RequestLogMetrics();
        using var journal = Journal(metrics);
        journal.Open();
        var record = new ApiRequestRecord { Id = "new-1", CreatedAt = DateTimeOffset.UnixEpoch, RequestBody = "body" };

        Assert.That(journal.TryAppend([record]), Is.True);
        var segment = journal.ListSegments().Single();

        Assert.That(File.ReadAllText(segment), Does.Contain("""{"v":2,"record":{"Id":"new-1","""));
        Assert.That(journal.Read(segment), Is.EqualTo(new[] { record }));
    }

    [Test]
    public void A_line_of_a_newer_format_is_counted_and_left_out_not_misread()
    {
        var journalDirectory = Path.Combine(directory, "journal");
        Directory.CreateDirectory(journalDirectory);
        File.WriteAllText(
            Path.Combine(journalDirectory, "000000000001.jsonl"),
            Checksummed("""{"v":3,"record":{"Id":"future","CreatedAt":"2025-11-24T16:00:00+00:00"}}""") + "\n" + Checksummed(OldUncheckedJson) + "\n",
            new UTF8Encoding(false));
        using var metrics = new RequestLogMetrics();
        using var journal = Journal(metrics);
        journal.Open();

        var records = journal.Read(journal.ListSegments().Single());

        Assert.That(records.Select(record => record.Id), Is.EqualTo(new[] { "old-2" }));
        Assert.That(metrics.JournalCorruptRecords, Is.EqualTo(1));
    }

    private static string Checksummed(string json)
        => JournalRecordCodec.Crc32(Encoding.UTF8.GetBytes(json)).ToString("x8", CultureInfo.InvariantCulture) + " " + json;

    private SpillJournal Journal(RequestLogMetrics metrics)
        => new(new RequestLogOptions { JournalDirectory = Path.Combine(directory, "journal") }, metrics, NullLogger<SpillJournal>.Instance);
}
