using System.Text;
using GatewayPersistence.Sql;
using MySqlConnector;

namespace GatewayPersistence.Rollups;

/// <summary>
/// The SQL of one rollup table, from what a rollup defines (its group columns and the raw expressions that fill them,
/// its counters): adding counted deltas as one multi-row upsert, adding inserted rows counted in SQL, and rebuilding a
/// range of hours from the raw rows. Rows are always written in the table's primary-key order, so concurrent writers
/// lock rollup rows in the same order. Statement text comes from the model (<see cref="GatewaySqlNames"/>); every value
/// is a parameter.
/// </summary>
internal abstract class RollupTable
{
    /// <summary>Rollup rows per upsert statement (a batch rarely has more; this bounds a statement's parameters).</summary>
    private const int RowsPerStatement = 1_000;

    private readonly SqlModel sql;
    private readonly Lazy<Statements> statements;

    protected RollupTable(SqlModel sql)
    {
        this.sql = sql;
        statements = new Lazy<Statements>(() => new Statements(this, sql.Names));
    }

    /// <summary>The quoted table name.</summary>
    protected abstract string Table(GatewaySqlNames n);

    /// <summary>The quoted <c>hour_start</c> column.</summary>
    protected abstract string HourColumn(GatewaySqlNames n);

    /// <summary>The group columns in primary-key order, each with the expression over raw rows (aliased r) that fills it.</summary>
    protected abstract IReadOnlyList<(string Column, string RawExpression)> GroupColumns(GatewaySqlNames n);

    /// <summary>The counters this table carries, each with its quoted column here.</summary>
    protected abstract IReadOnlyList<(RollupCounter Counter, string Column)> Counters(GatewaySqlNames n);

    /// <summary>The group values of a counted delta, in <see cref="GroupColumns"/> order.</summary>
    protected abstract IEnumerable<object> GroupValues(ApiRequestHourlyRollup delta);

    /// <summary>Adds deltas counted in process, given in primary-key order.</summary>
    public async Task UpsertAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyList<ApiRequestHourlyRollup> deltas, int commandTimeoutSeconds,
        CancellationToken cancellationToken)
    {
        var s = statements.Value;
        for (var start = 0; start < deltas.Count; start += RowsPerStatement)
        {
            await using var command = new MySqlCommand { Connection = connection, Transaction = transaction, CommandTimeout = commandTimeoutSeconds };
            var text = new StringBuilder(s.InsertInto).Append("\nVALUES ");
            SqlLists.AppendRows(text, command, deltas.Skip(start).Take(RowsPerStatement),
                delta => GroupValues(delta).Concat(s.Counters.Select(counter => (object)counter.Value(delta))));
            command.CommandText = text.Append('\n').Append(s.Additions).ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Adds the rows with <paramref name="insertedIds"/> (inserted by <paramref name="transaction"/>), counted in SQL.</summary>
    public async Task AddCountedInSqlAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyList<string> insertedIds, int commandTimeoutSeconds,
        CancellationToken cancellationToken)
    {
        var s = statements.Value;
        await using var command = new MySqlCommand { Connection = connection, Transaction = transaction, CommandTimeout = commandTimeoutSeconds };
        var text = new StringBuilder(s.SelectFromRaw).Append($"\nWHERE {RollupCounters.RawAlias}.{sql.Names.RequestId} IN (");
        SqlLists.AppendInList(text, command, insertedIds);
        command.CommandText = text.Append(")\n").Append(s.GroupAndOrder).Append('\n').Append(s.Additions).ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Replaces the rollup rows of <c>[from, to)</c> (whole hours) by the aggregates of the raw rows; the caller holds the
    /// raw rows of the range locked in the same transaction.
    /// </summary>
    public async Task RebuildAsync(MySqlConnection connection, MySqlTransaction transaction, long from, long to, CancellationToken cancellationToken)
    {
        var s = statements.Value;
        foreach (var statement in new[] { s.DeleteRange, s.InsertRange })
        {
            await using var command = new MySqlCommand(statement, connection, transaction) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("@from", from);
            command.Parameters.AddWithValue("@to", to);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The hours of <c>[from, to)</c> whose rollup rows differ from the aggregates of their raw rows (a missing or extra
    /// group, or any counter off): rows written by an instance that did not maintain the rollup, a backfill that
    /// stopped half-way. Read without locks; the repair rebuilds each hour under its lock.
    /// </summary>
    public async Task<IReadOnlySet<long>> DifferingHoursAsync(MySqlConnection connection, long from, long to, CancellationToken cancellationToken)
    {
        var s = statements.Value;
        var raw = await ReadGroupsAsync(connection, s.RawRange, from, to, cancellationToken);
        var stored = await ReadGroupsAsync(connection, s.StoredRange, from, to, cancellationToken);
        var differing = new HashSet<long>();
        foreach (var (key, (hour, values)) in raw)
        {
            if (!stored.TryGetValue(key, out var other) || !values.SequenceEqual(other.Values))
            {
                differing.Add(hour);
            }
        }

        foreach (var (key, (hour, _)) in stored)
        {
            if (!raw.ContainsKey(key))
            {
                differing.Add(hour);
            }
        }

        return differing;
    }

    private async Task<Dictionary<string, (long Hour, decimal[] Values)>> ReadGroupsAsync(
        MySqlConnection connection, string statement, long from, long to, CancellationToken cancellationToken)
    {
        var s = statements.Value;
        await using var command = new MySqlCommand(statement, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("@from", from);
        command.Parameters.AddWithValue("@to", to);
        // Group values compare as the server's case-insensitive collation does: 'GPT' and 'gpt' are one rollup row.
        var groups = new Dictionary<string, (long, decimal[])>(StringComparer.OrdinalIgnoreCase);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = string.Join('\u001f', Enumerable.Range(0, s.GroupCount).Select(index => Convert.ToString(reader.GetValue(index), System.Globalization.CultureInfo.InvariantCulture)));
            var hour = Convert.ToInt64(reader.GetValue(s.HourOrdinal), System.Globalization.CultureInfo.InvariantCulture);
            var values = Enumerable.Range(s.GroupCount, s.Counters.Count)
                .Select(index => reader.IsDBNull(index) ? 0m : Convert.ToDecimal(reader.GetValue(index), System.Globalization.CultureInfo.InvariantCulture))
                .ToArray();
            groups[key] = (hour, values);
        }

        return groups;
    }

    private sealed class Statements
    {
        public Statements(RollupTable rollup, GatewaySqlNames n)
        {
            var table = rollup.Table(n);
            var groups = rollup.GroupColumns(n);
            var counters = rollup.Counters(n);
            var r = RollupCounters.RawAlias;
            Counters = counters.Select(c => c.Counter).ToList();
            InsertInto = $"INSERT INTO {table} ({string.Join(", ", groups.Select(g => g.Column).Concat(counters.Select(c => c.Column)))})";
            Additions = "ON DUPLICATE KEY UPDATE\n  "
                + string.Join(",\n  ", counters.Select(c => $"{table}.{c.Column} = {table}.{c.Column} + VALUES({c.Column})"));
            SelectFromRaw = $"{InsertInto}\nSELECT {string.Join(", ", groups.Select(g => g.RawExpression))},\n  "
                + string.Join(",\n  ", counters.Select(c => c.Counter.RawAggregate))
                + $"\nFROM {n.Requests} {r}";
            var positions = string.Join(", ", Enumerable.Range(1, groups.Count));
            GroupAndOrder = $"GROUP BY {positions}\nORDER BY {positions}";
            var hour = rollup.HourColumn(n);
            DeleteRange = $"DELETE FROM {table} WHERE {hour} >= @from AND {hour} < @to";
            InsertRange = $"{SelectFromRaw}\nWHERE {r}.{n.RequestCreatedAt} >= @from AND {r}.{n.RequestCreatedAt} < @to\n{GroupAndOrder}";
            GroupCount = groups.Count;
            HourOrdinal = groups.Select(g => g.Column).ToList().IndexOf(hour);
            RawRange = $"SELECT {string.Join(", ", groups.Select(g => g.RawExpression))},\n  "
                + string.Join(",\n  ", counters.Select(c => c.Counter.RawAggregate))
                + $"\nFROM {n.Requests} {r}\nWHERE {r}.{n.RequestCreatedAt} >= @from AND {r}.{n.RequestCreatedAt} < @to\nGROUP BY {positions}";
            StoredRange = $"SELECT {string.Join(", ", groups.Select(g => g.Column).Concat(counters.Select(c => c.Column)))}\n"
                + $"FROM {table} WHERE {hour} >= @from AND {hour} < @to";
        }

        public int GroupCount { get; }

        public int HourOrdinal { get; }

        public string RawRange { get; }

        public string StoredRange { get; }

        public List<RollupCounter> Counters { get; }

        public string InsertInto { get; }

        public string Additions { get; }

        public string SelectFromRaw { get; }

        public string GroupAndOrder { get; }

        public string DeleteRange { get; }

        public string InsertRange { get; }
    }
}
