using System.Collections;
using System.Data.Common;
using GatewayPersistence.RequestLog;

namespace GatewayPersistence.Benchmarks;

/// <summary>Forward-only reader over prepared rows, the source the raw MySqlBulkCopy baseline streams from.</summary>
internal sealed class PreparedRowDataReader(ApiRequestColumnLayout layout, IReadOnlyList<PreparedApiRequestRow> rows) : DbDataReader
{
    private int position = -1;

    public override int FieldCount => layout.Columns.Count;

    public override bool HasRows => rows.Count > 0;

    public override bool IsClosed => false;

    public override int RecordsAffected => -1;

    public override int Depth => 0;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read() => ++position < rows.Count;

    public override bool NextResult() => false;

    public override object GetValue(int ordinal) => rows[position].Values[ordinal] ?? DBNull.Value;

    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var source = rows[position].Values;
        var count = Math.Min(values.Length, source.Length);
        for (var index = 0; index < count; index++)
        {
            values[index] = source[index] ?? DBNull.Value;
        }

        return count;
    }

    public override bool IsDBNull(int ordinal) => rows[position].Values[ordinal] is null;

    public override string GetName(int ordinal) => layout.Columns[ordinal].Name;

    public override int GetOrdinal(string name)
        => layout.Columns.Select((column, index) => (column, index)).First(pair => pair.column.Name == name).index;

    public override string GetDataTypeName(int ordinal) => GetFieldType(ordinal).Name;

    public override Type GetFieldType(int ordinal)
        => rows.Select(row => row.Values[ordinal]?.GetType()).FirstOrDefault(type => type is not null) ?? typeof(string);

    public override bool GetBoolean(int ordinal) => (bool)GetValue(ordinal);

    public override byte GetByte(int ordinal) => (byte)GetValue(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
        => throw new NotSupportedException();

    public override char GetChar(int ordinal) => (char)GetValue(ordinal);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
        => throw new NotSupportedException();

    public override DateTime GetDateTime(int ordinal) => (DateTime)GetValue(ordinal);

    public override decimal GetDecimal(int ordinal) => (decimal)GetValue(ordinal);

    public override double GetDouble(int ordinal) => (double)GetValue(ordinal);

    public override float GetFloat(int ordinal) => (float)GetValue(ordinal);

    public override Guid GetGuid(int ordinal) => (Guid)GetValue(ordinal);

    public override short GetInt16(int ordinal) => (short)GetValue(ordinal);

    public override int GetInt32(int ordinal) => (int)GetValue(ordinal);

    public override long GetInt64(int ordinal) => (long)GetValue(ordinal);

    public override string GetString(int ordinal) => (string)GetValue(ordinal);

    public override IEnumerator GetEnumerator() => new DbEnumerator(this);
}
