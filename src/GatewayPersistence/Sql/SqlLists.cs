using System.Text;
using MySqlConnector;

namespace GatewayPersistence.Sql;

/// <summary>
/// The two list shapes the hand-written statements need, every value a parameter: an IN-list <c>@p0, @p1, …</c> and
/// multi-row VALUES <c>(@p0, @p1), (@p2, @p3), …</c>.
/// </summary>
internal static class SqlLists
{
    /// <summary>Appends <c>@{prefix}0, @{prefix}1, …</c> for <paramref name="values"/>; returns how many were appended.</summary>
    public static int AppendInList<T>(StringBuilder text, MySqlCommand command, string prefix, IEnumerable<T> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(values);
        var index = 0;
        foreach (var value in values)
        {
            AppendParameter(text, command, prefix, index, value, first: index == 0);
            index++;
        }

        return index;
    }

    /// <summary>
    /// Appends one parenthesised row per item of <paramref name="rows"/>, its values from <paramref name="values"/>;
    /// parameters are numbered across rows.
    /// </summary>
    public static void AppendRows<TRow>(
        StringBuilder text, MySqlCommand command, string prefix, IEnumerable<TRow> rows, Func<TRow, IEnumerable<object?>> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(values);
        var parameter = 0;
        foreach (var row in rows)
        {
            text.Append(parameter == 0 ? "(" : ", (");
            var first = true;
            foreach (var value in values(row))
            {
                AppendParameter(text, command, prefix, parameter++, value, first);
                first = false;
            }

            text.Append(')');
        }
    }

    private static void AppendParameter<T>(StringBuilder text, MySqlCommand command, string prefix, int index, T value, bool first)
    {
        var name = $"@{prefix}{index}";
        text.Append(first ? name : ", " + name);
        command.Parameters.Add(new MySqlParameter(name, (object?)value ?? DBNull.Value));
    }
}
