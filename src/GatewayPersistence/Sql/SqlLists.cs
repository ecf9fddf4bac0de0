using System.Text;
using MySqlConnector;

namespace GatewayPersistence.Sql;

/// <summary>
/// The two list shapes the hand-written statements need, every value a parameter: an IN-list <c>?, ?, …</c> and
/// multi-row VALUES <c>(?, ?), (?, ?), …</c>.
/// </summary>
/// <remarks>
/// The parameters are positional: a statement built here has no other parameter. A rollup upsert carries some 2,000 of
/// them; unnamed, the driver neither formats nor looks up a name for each.
/// </remarks>
internal static class SqlLists
{
    /// <summary>Appends <c>?, ?, …</c> for <paramref name="values"/>; returns how many were appended.</summary>
    public static int AppendInList<T>(StringBuilder text, MySqlCommand command, IEnumerable<T> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(values);
        var index = 0;
        foreach (var value in values)
        {
            AppendParameter(text, command, value, first: index == 0);
            index++;
        }

        return index;
    }

    /// <summary>
    /// Appends one parenthesised row per item of <paramref name="rows"/>, its values from <paramref name="values"/>.
    /// </summary>
    public static void AppendRows<TRow>(
        StringBuilder text, MySqlCommand command, IEnumerable<TRow> rows, Func<TRow, IEnumerable<object?>> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(values);
        var firstRow = true;
        foreach (var row in rows)
        {
            text.Append(firstRow ? "(" : ", (");
            firstRow = false;
            var first = true;
            foreach (var value in values(row))
            {
                AppendParameter(text, command, value, first);
                first = false;
            }

            text.Append(')');
        }
    }

    private static void AppendParameter<T>(StringBuilder text, MySqlCommand command, T value, bool first)
    {
        text.Append(first ? "?" : ", ?");
        command.Parameters.Add(new MySqlParameter { Value = (object?)value ?? DBNull.Value });
    }
}
