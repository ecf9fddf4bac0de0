using System.Text;
using MySqlConnector;

namespace GatewayPersistence.Statistics;

/// <summary>The statements that count inserted rows in SQL, reading them back by id.</summary>
internal static class SqlCounted
{
    /// <summary><paramref name="prefix"/>, the ids as parameters, <paramref name="suffix"/>.</summary>
    public static MySqlCommand Command(MySqlConnection connection, MySqlTransaction transaction, string prefix, IReadOnlyList<string> ids, string suffix)
    {
        var command = new MySqlCommand { Connection = connection, Transaction = transaction };
        var text = new StringBuilder(prefix);
        for (var index = 0; index < ids.Count; index++)
        {
            var name = $"@id{index}";
            text.Append(index == 0 ? name : ", " + name);
            command.Parameters.Add(new MySqlParameter(name, ids[index]));
        }

        command.CommandText = text.Append(suffix).ToString();
        return command;
    }
}
