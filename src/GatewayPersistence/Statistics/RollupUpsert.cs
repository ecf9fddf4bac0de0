using System.Text;
using MySqlConnector;

namespace GatewayPersistence.Statistics;

/// <summary>
/// The two ways both rollup writers add freshly inserted rows: deltas counted in process, sent as multi-row
/// <c>VALUES</c>; or ids, whose stored rows SQL reads back and counts. Statement text comes from the writers (names
/// from the EF model); every value is a parameter.
/// </summary>
internal static class RollupUpsert
{
    /// <summary>Rollup rows per statement (a batch rarely has more; this bounds a statement's parameters).</summary>
    private const int RowsPerStatement = 1_000;

    /// <summary>
    /// Runs <paramref name="prefix"/> <c>(v, …), (v, …)</c> <paramref name="suffix"/> for <paramref name="rows"/>, in their
    /// order, <see cref="RowsPerStatement"/> rows per statement.
    /// </summary>
    public static async Task ValuesAsync<T>(
        MySqlConnection connection, MySqlTransaction transaction, string prefix, string suffix, IReadOnlyList<T> rows,
        Func<T, IEnumerable<object>> values, CancellationToken cancellationToken)
    {
        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
            var text = new StringBuilder(prefix);
            var parameter = 0;
            foreach (var row in rows.Skip(start).Take(RowsPerStatement))
            {
                text.Append(parameter == 0 ? "(" : ", (");
                var first = true;
                foreach (var value in values(row))
                {
                    var name = $"@v{parameter++}";
                    text.Append(first ? name : ", " + name);
                    command.Parameters.Add(new MySqlParameter(name, value));
                    first = false;
                }

                text.Append(')');
            }

            command.CommandText = text.Append(suffix).ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Runs <paramref name="prefix"/>, <paramref name="ids"/> as a parameter list, <paramref name="suffix"/>.</summary>
    public static async Task CountedInSqlAsync(
        MySqlConnection connection, MySqlTransaction transaction, string prefix, IReadOnlyList<string> ids, string suffix,
        CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand { Connection = connection, Transaction = transaction };
        var text = new StringBuilder(prefix);
        for (var index = 0; index < ids.Count; index++)
        {
            var name = $"@id{index}";
            text.Append(index == 0 ? name : ", " + name);
            command.Parameters.Add(new MySqlParameter(name, ids[index]));
        }

        command.CommandText = text.Append(suffix).ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
