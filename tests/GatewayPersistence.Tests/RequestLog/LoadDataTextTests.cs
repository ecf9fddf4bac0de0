using GatewayPersistence.RequestLog;
using GatewayPersistence.Tests.Security;

namespace GatewayPersistence.Tests.RequestLog;

/// <summary>
/// The LOAD DATA stream stores every value byte for byte as the parameterised INSERT does: escapes, control characters,
/// the text <c>\N</c>, emoji, lone surrogates (U+FFFD), numbers and NULLs.
/// </summary>
public class LoadDataTextTests
{
    [Test]
    public async Task Load_data_stores_every_value_as_the_insert_path_stores_it()
    {
        var records = Records();
        await using var loaded = await TestDatabase.CreateMigratedAsync();
        await using var inserted = await TestDatabase.CreateMigratedAsync();
        using var statements = new ExecutedStatements(loaded.Name);
        await WriteAsync(loaded, records, RequestLogWriteMode.Auto);
        await WriteAsync(inserted, records, RequestLogWriteMode.Insert);

        Assert.That(statements.All.Count(statement => statement.StartsWith("LOAD DATA LOCAL", StringComparison.Ordinal)), Is.GreaterThan(0),
            "the Auto database was written through LOAD DATA");
        var fromLoad = await StoredAsync(loaded);
        var fromInsert = await StoredAsync(inserted);
        Assert.That(fromLoad.Keys, Is.EquivalentTo(records.Select(record => record.Id)));
        foreach (var record in records)
        {
            Assert.That(fromLoad[record.Id], Is.EqualTo(fromInsert[record.Id]), record.Id);
            Assert.That(Text(fromLoad[record.Id][RequestBodyColumn]), Is.EqualTo(HostileStringGenerator.AsStored(record.RequestBody!)), record.Id);
        }

        Assert.That(fromLoad["hostile-0002"][ErrorColumn], Is.Null, "a null stays NULL");
        Assert.That(Text(fromLoad["hostile-0001"][ErrorColumn]), Is.EqualTo(@"\N"), "the text \\N is not NULL");
    }

    private const int RequestBodyColumn = 2;
    private const int ErrorColumn = 3;

    private static List<ApiRequestRecord> Records()
    {
        var strings = HostileStringGenerator.Generate(120).ToList();
        strings[0] = "tab\tnewline\nreturn\rbackslash\\ nul\0 end\\";
        strings[1] = @"\N";
        return strings.Select((text, index) => TestRecords.Create($"hostile-{index:D4}", index) with
        {
            RequestBody = text,
            ResponseBody = text + "\t" + text,
            ErrorMessage = index == 2 ? null : text,
            UserAgent = text,
            // Valid JSON whose strings hold escapes: stored as given, backslashes and all.
            ResponseMetaJson = """{"text":"a\tb\\c\nd \"q\" \u00e9"}""",
            TffbMs = index % 3 == 0 ? null : -index,
        }).ToList();
    }

    private static async Task WriteAsync(TestDatabase database, List<ApiRequestRecord> records, RequestLogWriteMode mode)
    {
        await using var pipeline = await TestPipeline.StartAsync(database.ConnectionString, options => options.WriteMode = mode);
        foreach (var record in records)
        {
            pipeline.Log.Enqueue(record);
        }

        await pipeline.Log.FlushAsync(CancellationToken.None);
    }

    /// <summary>Every stored row's columns as bytes (text) or numbers, by id.</summary>
    private static async Task<Dictionary<string, object?[]>> StoredAsync(TestDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new MySqlCommand("""
            SELECT id, CAST(model AS BINARY), CAST(request_body AS BINARY), CAST(error_message AS BINARY), CAST(response_body AS BINARY),
                   CAST(user_agent AS BINARY), CAST(response_meta_json AS BINARY), CAST(request_params_json AS BINARY),
                   prompt_tokens, completion_tokens, total_tokens, tffb_ms, created_at, cache_hit, status, ip
            FROM api_requests
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var stored = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            var values = new object?[reader.FieldCount];
            for (var column = 0; column < values.Length; column++)
            {
                values[column] = reader.IsDBNull(column) ? null : reader.GetValue(column);
            }

            stored.Add(reader.GetString(0), values);
        }

        return stored;
    }

    private static string Text(object? bytes) => System.Text.Encoding.UTF8.GetString((byte[])bytes!);
}
