using GatewayPersistence.RequestLog;

namespace GatewayPersistence.Tests.RequestLog;

/// <summary>
/// The journal and the dead-letter file hold rows as the database stores them: a multi-megabyte body costs the disk
/// the cut body, and replay (or requeue) stores the row a live write stores.
/// </summary>
public class JournalCutRowsTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    /// <summary>4 MiB of text with quotes, backslashes and multi-byte characters (the cut must land on a character).</summary>
    private static readonly string Body = string.Concat(Enumerable.Repeat("é'\\\"x€ ", 4 * 1024 * 1024 / 12));

    private static ApiRequestRecord Oversized(string id) => TestRecords.Create(id, 7) with
    {
        RequestBody = Body,
        ResponseBody = Body,
        ErrorMessage = Body,
        UserAgent = new string('u', 2_000),
        Model = new string('m', 900),
        RequestParamsJson = "{not json",
    };

    [Test]
    public async Task A_multi_megabyte_record_journaled_while_the_database_is_down_is_cut_on_disk_and_replays_to_the_live_row()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var proxy = TcpProxy.Start(database.ConnectionString);
        proxy.Refuse();
        await using var pipeline = await TestPipeline.StartAsync(proxy.Route(database.ConnectionString), options => options.MaxRetryAttempts = 1);

        pipeline.Log.Enqueue(Oversized("journaled"));
        var during = await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(during.Spilled, Is.EqualTo(1));
        var segmentBytes = Directory.GetFiles(pipeline.JournalDirectory, "*.jsonl").Sum(file => new FileInfo(file).Length);
        // Three bodies at the 5,000-byte limit (JSON escaping writes at most 6 bytes per byte: \u0027) and short columns: not the 12 MiB given.
        Assert.That(segmentBytes, Is.LessThan(3 * 6 * new RequestLogOptions().BodyByteLimit + 8 * 1024));

        proxy.Accept();
        var after = await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);
        Assert.That(after.Replayed, Is.EqualTo(1));
        Assert.That(pipeline.JournalSegmentCount(), Is.Zero);

        pipeline.Log.Enqueue(Oversized("live"));
        Assert.That((await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard)).Written, Is.EqualTo(1));

        var replayed = await StoredRowAsync(database, "journaled");
        Assert.That(replayed["request_body"], Is.Not.EqualTo(Body).And.Not.Null);
        Assert.That(replayed, Is.EqualTo(await StoredRowAsync(database, "live")));
    }

    [Test]
    public async Task A_multi_megabyte_record_dead_lettered_is_cut_in_the_file_and_requeues_to_the_live_row()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await database.ExecuteAsync("""
            CREATE TRIGGER refuse_some BEFORE INSERT ON api_requests FOR EACH ROW
            BEGIN
              IF NEW.id = 'refused' THEN SIGNAL SQLSTATE '22001' SET MYSQL_ERRNO = 1406, MESSAGE_TEXT = 'Data too long'; END IF;
            END
            """);
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options => options.WriteMode = RequestLogWriteMode.Insert);
        pipeline.Log.Enqueue(Oversized("refused"));
        pipeline.Log.Enqueue(Oversized("live"));

        var result = await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(result.DeadLettered, Is.EqualTo(1));
        var file = Directory.GetFiles(pipeline.DeadLetterDirectory).Single();
        Assert.That(new FileInfo(file).Length, Is.LessThan(3 * 6 * new RequestLogOptions().BodyByteLimit + 8 * 1024));

        await database.ExecuteAsync("DROP TRIGGER refuse_some");
        var requeue = pipeline.Get<IRequestLogDeadLetters>();
        var first = await requeue.RequeueAsync(file, CancellationToken.None);
        var again = await requeue.RequeueAsync(first.FinalPath, CancellationToken.None);

        Assert.That(first.Inserted, Is.EqualTo(1));
        Assert.That(again.Inserted, Is.Zero);
        Assert.That(again.AlreadyStored, Is.EqualTo(1));
        Assert.That(await StoredRowAsync(database, "refused"), Is.EqualTo(await StoredRowAsync(database, "live")));
    }

    /// <summary>Every stored column of one row but the id, by name.</summary>
    private static async Task<Dictionary<string, object?>> StoredRowAsync(TestDatabase database, string id)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new MySqlCommand("SELECT * FROM api_requests WHERE id = @id", connection);
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, $"no row {id}");
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var index = 0; index < reader.FieldCount; index++)
        {
            if (reader.GetName(index) != "id")
            {
                row.Add(reader.GetName(index), reader.IsDBNull(index) ? null : reader.GetValue(index));
            }
        }

        return row;
    }
}
