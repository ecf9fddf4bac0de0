using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Metadata;
using MySqlConnector;

namespace GatewayPersistence.Repositories;

/// <summary>
/// Turns the provider's constraint errors into our typed exceptions, naming columns from the EF model. The provider's
/// message quotes the offending value (which may be a secret key), so only index and constraint names are read from it.
/// </summary>
internal static partial class DatabaseErrors
{
    /// <summary>
    /// The typed exception for a unique-key (1062) or foreign-key (1452) violation found in <paramref name="exception"/>'s
    /// chain, or <see langword="null"/> for any other error (which the caller lets through unchanged).
    /// </summary>
    public static RepositoryException? Translate(Exception exception, IEntityType entityType)
    {
        var mySqlException = FindMySqlException(exception);
        var table = entityType.GetTableName() ?? entityType.DisplayName();
        return mySqlException?.ErrorCode switch
        {
            MySqlErrorCode.DuplicateKeyEntry => new DuplicateValueException(table, DuplicateField(mySqlException.Message, entityType)),
            MySqlErrorCode.NoReferencedRow2 or MySqlErrorCode.NoReferencedRow => MissingReference(mySqlException.Message, entityType, table),
            _ => null,
        };
    }

    private static MySqlException? FindMySqlException(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is MySqlException mySqlException)
            {
                return mySqlException;
            }
        }

        return null;
    }

    private static string DuplicateField(string message, IEntityType entityType)
    {
        if (DuplicateKeyNameOf(message) is not { } keyName)
        {
            return "unknown";
        }

        if (string.Equals(keyName, "PRIMARY", StringComparison.OrdinalIgnoreCase))
        {
            return ColumnList(entityType.FindPrimaryKey()?.Properties);
        }

        var index = entityType.GetIndexes().FirstOrDefault(i => string.Equals(i.GetDatabaseName(), keyName, StringComparison.Ordinal));
        return index is null ? keyName : ColumnList(index.Properties);
    }

    /// <summary>
    /// The index named by a 1062 message: MySQL 8 writes <c>... for key 'users.username'</c>, MariaDB and MySQL 5.7
    /// <c>... for key 'username'</c>. The key name ends the message, after the (possibly quote-laden) value.
    /// </summary>
    internal static string? DuplicateKeyNameOf(string message)
    {
        var match = DuplicateKeyName().Match(message);
        return match.Success ? match.Groups["key"].Value : null;
    }

    private static MissingReferenceException MissingReference(string message, IEntityType entityType, string table)
    {
        // "... CONSTRAINT `models_ibfk_1` FOREIGN KEY (`provider_id`) REFERENCES `providers` (`id`) ..." (names, no values)
        var constraint = ConstraintName().Match(message).Groups["name"].Value;
        var foreignKey = entityType.GetForeignKeys().FirstOrDefault(k => string.Equals(k.GetConstraintName(), constraint, StringComparison.Ordinal));
        if (foreignKey is not null)
        {
            return new MissingReferenceException(table, ColumnList(foreignKey.Properties), foreignKey.PrincipalEntityType.GetTableName());
        }

        var column = ForeignKeyColumn().Match(message).Groups["column"].Value;
        return new MissingReferenceException(table, column.Length > 0 ? column : "unknown", null);
    }

    private static string ColumnList(IReadOnlyList<IProperty>? properties)
        => properties is null ? "unknown" : string.Join(",", properties.Select(p => p.GetColumnName()));

    [GeneratedRegex(@"for key '(?:[^'.]*\.)?(?<key>[^'.]+)'\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex DuplicateKeyName();

    [GeneratedRegex(@"CONSTRAINT `(?<name>[^`]+)`", RegexOptions.CultureInvariant)]
    private static partial Regex ConstraintName();

    [GeneratedRegex(@"FOREIGN KEY \(`(?<column>[^`]+)`\)", RegexOptions.CultureInvariant)]
    private static partial Regex ForeignKeyColumn();
}
