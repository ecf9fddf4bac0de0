using System.Globalization;
using System.Text;
using GatewayPersistence.RequestLog;

namespace GatewayPersistence.Benchmarks;

/// <summary>The generated rows of the ingest benchmark: ~3 KB each, random 21-character string ids as production has.</summary>
internal static class IngestData
{
    private const string Alphabet = "useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict";

    /// <summary>Generates <paramref name="rows"/> records.</summary>
    /// <param name="rows">How many.</param>
    /// <param name="seed">Seed of the ids and numbers.</param>
    /// <param name="withReferences">
    /// Give nine rows in ten a virtual key and every row a provider, as the gateway's requests carry (the keys and providers
    /// of <see cref="QueryBenchmarkData.SeedKeysAndProvidersAsync"/> must exist): without them the pipeline's
    /// foreign-key check has nothing to check and the rollups hold one key.
    /// </param>
    public static List<ApiRequestRecord> Generate(int rows, int seed = 42, bool withReferences = false)
    {
        var random = new Random(seed);
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var filler = new string('x', 1_800);
        var records = new List<ApiRequestRecord>(rows);
        for (var index = 0; index < rows; index++)
        {
            var key = withReferences ? random.Next(QueryBenchmarkData.Keys + QueryBenchmarkData.Keys / 9) : -1;
            var hasKey = key >= 0 && key < QueryBenchmarkData.Keys;
            records.Add(new ApiRequestRecord
            {
                Id = RandomId(random),
                VirtualKeyId = hasKey ? $"key-{key}" : null,
                ProviderId = withReferences ? $"provider-{(hasKey ? key : index) % QueryBenchmarkData.Providers}" : null,
                CreatedAt = start.AddMilliseconds(index * 3),
                Model = index % 3 == 0 ? "gpt-4o" : "claude-sonnet",
                PromptTokens = random.Next(10, 4_000),
                CompletionTokens = random.Next(10, 2_000),
                CachedTokens = random.Next(0, 100),
                Status = index % 20 == 0 ? "error" : "success",
                ResponseTimeMs = random.Next(50, 20_000),
                TfftMs = random.Next(10, 2_000),
                RequestBody = $$"""{"model":"gpt-4o","messages":[{"role":"user","content":"{{filler}} {{index}}"}]}""",
                ResponseBody = "{\"id\":\"" + RandomId(random) + "\",\"choices\":[{\"message\":{\"content\":\"" + filler[..900] + "\"}}]}",
                RequestParamsJson = """{"temperature":0.7,"stream":true}""",
                ResponseMetaJson = """{"finish_reason":"stop"}""",
                Ip = "10.0.0." + (index % 255).ToString(CultureInfo.InvariantCulture),
                UserAgent = "bench-client/1.0",
            });
        }

        return records;
    }

    public static string RandomId(Random random)
    {
        Span<char> id = stackalloc char[21];
        for (var index = 0; index < id.Length; index++)
        {
            id[index] = Alphabet[random.Next(Alphabet.Length)];
        }

        return new string(id);
    }

    /// <summary>One value in the TSV form LOAD DATA reads by default (tab-separated, backslash escapes, \N for NULL).</summary>
    public static void AppendTsv(StringBuilder line, object? value)
    {
        switch (value)
        {
            case null:
                line.Append("\\N");
                break;
            case string text:
                foreach (var character in text)
                {
                    _ = character switch
                    {
                        '\\' => line.Append("\\\\"),
                        '\t' => line.Append("\\t"),
                        '\n' => line.Append("\\n"),
                        '\r' => line.Append("\\r"),
                        '\0' => line.Append("\\0"),
                        _ => line.Append(character),
                    };
                }

                break;
            case IFormattable number:
                line.Append(number.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                line.Append(value);
                break;
        }
    }
}
