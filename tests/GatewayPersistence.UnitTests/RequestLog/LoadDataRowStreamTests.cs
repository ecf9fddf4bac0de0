using System.Text;
using GatewayPersistence.RequestLog;

namespace GatewayPersistence.UnitTests.RequestLog;

public class LoadDataRowStreamTests
{
    private static readonly ApiRequestRecord Source = new() { Id = "x", CreatedAt = DateTimeOffset.UnixEpoch };

    [Test]
    public void A_row_is_tab_separated_newline_ended_utf8_with_backslash_escapes_and_backslash_n_for_null()
    {
        var bytes = ReadAll(Rows([["a\tb\nc\\d", null, 42, -7L, true, "é😀\uD800", @"\N", ""]]), 1 << 20);

        var expected = "a\\\tb\\\nc\\\\d\t\\N\t42\t-7\t1\té😀\uFFFD\t\\\\N\t\n";
        Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo(expected));
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(100)]
    [TestCase(4096)]
    public void Rows_read_through_a_small_buffer_are_the_same_bytes(int bufferSize)
    {
        var rows = Enumerable.Range(0, 50).Select(index => new object?[]
        {
            $"id-{index}", new string('\\', index) + new string('x', index * 37) + "\t", index % 4 == 0 ? null : index, (long)index << 40,
        }).ToList();

        var whole = ReadAll(Rows(rows), 1 << 20);
        var pieces = ReadAll(Rows(rows), bufferSize);

        Assert.That(pieces, Is.EqualTo(whole));
        Assert.That(Encoding.UTF8.GetString(whole).Split('\n'), Has.Length.EqualTo(51));
    }

    [Test]
    public void A_value_of_a_type_without_a_text_form_is_refused_by_name()
    {
        using var stream = new LoadDataRowStream(Rows([[1.5m]]));

        var error = Assert.Throws<InvalidOperationException>(() => stream.ReadExactly(new byte[8]));
        Assert.That(error!.Message, Does.Contain("Decimal"));
        Assert.That(LoadDataFormat.Supports(typeof(int?)) && LoadDataFormat.Supports(typeof(string)) && !LoadDataFormat.Supports(typeof(decimal)));
    }

    private static List<PreparedApiRequestRow> Rows(IEnumerable<object?[]> values)
        => values.Select(row => new PreparedApiRequestRow(Source, row, 0)).ToList();

    private static byte[] ReadAll(List<PreparedApiRequestRow> rows, int bufferSize)
    {
        using var stream = new LoadDataRowStream(rows);
        using var output = new MemoryStream();
        var buffer = new byte[bufferSize];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }
}
