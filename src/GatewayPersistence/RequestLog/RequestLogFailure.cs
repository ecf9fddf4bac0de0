using MySqlConnector;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Sorts exceptions of a batch write into <see cref="RequestLogFailureKind"/> by evidence: only a server error that is
/// about a row's content is a data error; every other failure (server or deployment state, connection, anything
/// unknown) is retried and then journaled, never split nor dead-lettered.
/// </summary>
internal static class RequestLogFailure
{
    /// <summary>
    /// Server errors that are about what a row holds. Numbers are MySQL's and MariaDB's where they agree; where they
    /// differ both are listed (MySQL 8 numbers checked against its error reference only: no MySQL 8 server here).
    /// </summary>
    internal static readonly IReadOnlyDictionary<int, string> DataErrors = new Dictionary<int, string>
    {
        [1048] = "a NOT NULL column got NULL",
        [1263] = "NULL for a NOT NULL column",
        [1264] = "value out of range for its column",
        [1265] = "value truncated for its column",
        [1292] = "incorrect value for its type (date, time or number)",
        [1300] = "invalid character string for the column's character set",
        [1366] = "incorrect string or number value for its column",
        [1367] = "illegal value for its type",
        [1406] = "data too long for its column",
        [1411] = "incorrect value for a function of the row",
        [1452] = "a reference to a row that does not exist",
        [1644] = "refused by a trigger's SIGNAL (a rule about the row's content)",
        [1690] = "value out of range",
        [1977] = "character that cannot be converted to the column's character set (MariaDB)",
        [3140] = "invalid JSON text (MySQL)",
        [3141] = "invalid JSON text in argument (MySQL)",
        [3819] = "CHECK constraint violated (MySQL)",
        [3854] = "string that cannot be converted to the column's character set (MySQL)",
        [4025] = "CHECK constraint violated (MariaDB, e.g. JSON_VALID on a JSON column)",
    };

    private static readonly HashSet<int> LocalInfileErrors = [1148, 3948, 4166];

    // Database access denied (1044), command denied on a table (1142) or column (1143), privilege missing (1227).
    private static readonly HashSet<int> PrivilegeErrors = [1044, 1142, 1143, 1227];

    /// <summary>
    /// Whether the server refused a privilege. A session keeps the database grants it started with, so the pool is emptied
    /// on this: once the privilege is granted again, the next attempt runs on a new session that has it.
    /// </summary>
    public static bool IsPrivilegeRefusal(Exception exception) => exception is MySqlException mysql && PrivilegeErrors.Contains(mysql.Number);

    public static RequestLogFailureKind Classify(Exception exception) => exception switch
    {
        ApiRequestRowsSkippedException => RequestLogFailureKind.Conflict,
        MySqlException { Number: 1062 } => RequestLogFailureKind.Conflict,
        MySqlException mysql when IsLocalInfileRefusal(mysql) => RequestLogFailureKind.LocalInfileRefused,
        MySqlException mysql => ClassifyServerError(mysql.Number),
        NotSupportedException when exception.Message.Contains("LOAD DATA", StringComparison.OrdinalIgnoreCase)
            => RequestLogFailureKind.LocalInfileRefused,
        _ => RequestLogFailureKind.Transient,
    };

    /// <summary>
    /// A server error number: <see cref="RequestLogFailureKind.Data"/> only when it is on the list of content errors;
    /// anything else — disk or table full (1021, 1114), out of memory (1037, 1041), error during COMMIT (1180), unknown
    /// database (1049), host blocked (1129, 1130), access denied, WSREP not ready (1047), a client-side code or an
    /// unknown number — is a server or deployment state, <see cref="RequestLogFailureKind.Transient"/>.
    /// </summary>
    public static RequestLogFailureKind ClassifyServerError(int number)
        => number == 1062 ? RequestLogFailureKind.Conflict
            : DataErrors.ContainsKey(number) ? RequestLogFailureKind.Data
            : RequestLogFailureKind.Transient;

    /// <summary>The server error number of a failure, when it has one (0 otherwise).</summary>
    public static int ErrorNumberOf(Exception exception) => exception switch
    {
        MySqlException mysql => mysql.Number,
        ApiRequestRowsSkippedException skipped => skipped.ErrorNumber,
        _ => 0,
    };

    /// <summary>Why a failure was judged a data error, for the dead-letter entry.</summary>
    public static string DataReasonOf(Exception exception)
    {
        var number = ErrorNumberOf(exception);
        return DataErrors.TryGetValue(number, out var meaning)
            ? $"server error {number} ({meaning}) on this row alone while the rows around it were written"
            : exception is ApiRequestRowsSkippedException
                ? "the server skipped this row alone (LOAD DATA LOCAL turns its error into a warning) while the rows around it were written"
                : $"refused on this row alone (error {number}) while the rows around it were written";
    }

    /// <summary>Whether the failure says the server (or its account) will not take LOAD DATA LOCAL.</summary>
    public static bool IsLocalInfileRefusal(MySqlException exception)
        => LocalInfileErrors.Contains(exception.Number)
           || exception.Message.Contains("Loading local data is disabled", StringComparison.OrdinalIgnoreCase)
           || exception.Message.Contains("local_infile", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the retry pipeline should retry: every failure that is not about the rows, except a cancellation.</summary>
    public static bool IsTransient(Exception exception)
        => exception is not OperationCanceledException && Classify(exception) == RequestLogFailureKind.Transient;
}
