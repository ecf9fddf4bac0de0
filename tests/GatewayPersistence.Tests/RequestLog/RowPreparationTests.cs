using GatewayPersistence.Text;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.RequestLog;
using Microsoft.Extensions.Logging.Abstractions;

namespace GatewayPersistence.Tests.RequestLog;

/// <summary>Pure checks of the table shape and row preparation (no database needed: the model is built offline).</summary>
public class RowPreparationTests
{
    internal static SqlModel Model => ModelOnlySql.Model;

    [Test]
    public void Columns_come_from_the_model_and_a_generated_total_tokens_is_never_written()
    {
        var generated = ApiRequestColumnLayout.Create(Model, new RequestLogOptions(), 64 * 1024 * 1024, totalTokensIsPlain: false);
        var plain = ApiRequestColumnLayout.Create(Model, new RequestLogOptions(), 64 * 1024 * 1024, totalTokensIsPlain: true);

        Assert.That(generated.TableName, Is.EqualTo("api_requests"));
        Assert.That(generated.Columns.Select(column => column.Name), Does.Not.Contain("total_tokens").And.Contain("created_at"));
        Assert.That(plain.Columns.Select(column => column.Name), Does.Contain("total_tokens"));
        Assert.That(generated.ForeignKeys.Select(key => key.PrincipalTable), Is.EquivalentTo(new[] { "virtual_keys", "providers" }));
    }

    [TestCase(16 * 1024 * 1024, 20 * 1024 * 1024)]
    [TestCase(64 * 1024 * 1024, 20 * 1024 * 1024)]
    [TestCase(4 * 1024 * 1024, 5_000)]
    public void A_row_with_every_body_at_the_limit_fits_the_batch_cap_under_max_allowed_packet(int maxAllowedPacket, int bodyLimit)
    {
        var options = new RequestLogOptions { BodyByteLimit = bodyLimit, MaxBatchBytes = int.MaxValue };
        var table = ApiRequestColumnLayout.Create(Model, options, maxAllowedPacket, totalTokensIsPlain: false);
        var preparer = new ApiRequestRowPreparer(table, new RequestLogMetrics(null), NullLogger.Instance);
        var body = new string('\'', bodyLimit + 10); // every character doubles when escaped

        var prepared = preparer.TryPrepare(
            TestRecords.Create("big", 1) with { RequestBody = body, ResponseBody = body, ErrorMessage = body }, out var row, out var reason);

        Assert.That(prepared, Is.True, reason);
        Assert.That(table.BatchByteCap, Is.LessThan(maxAllowedPacket));
        Assert.That(row.EstimatedBytes, Is.LessThanOrEqualTo(table.BatchByteCap));
        Assert.That(table.BodyByteLimit, Is.LessThanOrEqualTo(bodyLimit));
    }

    [Test]
    public void A_bounded_record_prepares_to_the_same_row_as_the_record_given_and_is_small()
    {
        var table = ApiRequestColumnLayout.Create(Model, new RequestLogOptions(), 64 * 1024 * 1024, totalTokensIsPlain: false);
        var preparer = new ApiRequestRowPreparer(table, new RequestLogMetrics(null), NullLogger.Instance);
        var body = string.Concat(Enumerable.Repeat("é'\\x€", 400_000));
        var record = TestRecords.Create("bound", 3) with
        {
            RequestBody = body, ResponseBody = body, ErrorMessage = body, UserAgent = new string('u', 2_000), RequestParamsJson = "{not json",
        };

        var bounded = preparer.Bound(record);

        Assert.That(preparer.TryPrepare(record, out var live, out _), Is.True);
        Assert.That(preparer.TryPrepare(bounded, out var replayed, out _), Is.True);
        Assert.That(replayed.Values, Is.EqualTo(live.Values));
        Assert.That(Utf8Text.ByteCount(bounded.RequestBody!), Is.LessThanOrEqualTo(table.BodyByteLimit));
        Assert.That(bounded.UserAgent, Has.Length.EqualTo(500));
        Assert.That(bounded.RequestParamsJson, Is.Null);
        Assert.That(preparer.Bound(bounded), Is.EqualTo(bounded));

        // Bounded for a server of a larger packet, then prepared for a smaller one: the row the smaller one stores live.
        var wide = new RequestLogOptions { BodyByteLimit = 1_000_000 };
        var larger = new ApiRequestRowPreparer(ApiRequestColumnLayout.Create(Model, wide, 64 * 1024 * 1024, false), new RequestLogMetrics(null), NullLogger.Instance);
        var smaller = new ApiRequestRowPreparer(ApiRequestColumnLayout.Create(Model, wide, 1024 * 1024, false), new RequestLogMetrics(null), NullLogger.Instance);
        Assert.That(smaller.Layout.BodyByteLimit, Is.LessThan(larger.Layout.BodyByteLimit));
        Assert.That(smaller.TryPrepare(larger.Bound(record), out var fromJournal, out _), Is.True);
        Assert.That(smaller.TryPrepare(record, out var direct, out _), Is.True);
        Assert.That(fromJournal.Values, Is.EqualTo(direct.Values));
    }

    [Test]
    public void A_record_survives_the_entity_round_trip_field_for_field()
    {
        var record = new ApiRequestRecord
        {
            Id = "round", CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_123), VirtualKeyId = "vk", ProviderId = "p", Model = "m",
            PromptTokens = 1, CompletionTokens = 2, CachedTokens = 3, Status = "s", ResponseTimeMs = 4, TfftMs = 5, TffbMs = 6, ErrorMessage = "e",
            RequestBody = "rq", ResponseBody = "rs", RequestParamsJson = "{}", ResponseMetaJson = "[]", CacheHit = true, RequestType = null,
            CompressionOriginalTokens = 7, CompressionSavedTokens = 8, Ip = "ip", UserAgent = "ua",
        };

        Assert.That(ApiRequestRowPreparer.FromEntity(ApiRequestRowPreparer.ToEntity(record)), Is.EqualTo(record));
    }

    [TestCase("""{"a":[1,2,{"b":null}]}""", true)]
    [TestCase("42", true)]
    [TestCase("{not json", false)]
    [TestCase("", false)]
    [TestCase("{\"a\":1,}", false)]
    public void Json_validation_matches_the_server_syntax(string text, bool valid)
        => Assert.That(ApiRequestRowPreparer.IsValidJson(text), Is.EqualTo(valid));

    [Test]
    public void Json_validation_reads_a_value_too_large_for_the_stack_buffer_to_its_end()
    {
        var large = "{\"a\":\"" + new string('é', 3_000) + "\"}";

        Assert.That(ApiRequestRowPreparer.IsValidJson(large), Is.True);
        Assert.That(ApiRequestRowPreparer.IsValidJson(large[..^1]), Is.False);
    }

    [Test]
    public void An_id_longer_than_its_column_is_rejected_not_cut()
    {
        var table = ApiRequestColumnLayout.Create(Model, new RequestLogOptions(), 64 * 1024 * 1024, totalTokensIsPlain: false);
        var preparer = new ApiRequestRowPreparer(table, new RequestLogMetrics(null), NullLogger.Instance);

        Assert.That(preparer.TryPrepare(TestRecords.Create(new string('i', 255), 1), out _, out _), Is.True);
        Assert.That(preparer.TryPrepare(TestRecords.Create(new string('i', 256), 1), out _, out var reason), Is.False);
        Assert.That(reason, Does.Contain("idempotency key"));
    }
}
