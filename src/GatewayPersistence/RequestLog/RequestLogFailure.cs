using MySqlConnector;
using System.Net.Sockets;

namespace GatewayPersistence.RequestLog;

/// <summary>Sorts exceptions of a batch write into <see cref="RequestLogFailureKind"/>.</summary>
internal static class RequestLogFailure
{
    // Server errors that say nothing about the rows: the server, the connection or the account is the problem.
    private static readonly HashSet<int> TransientServerErrors =
    [
        1040, // too many connections
        1042, // cannot get host name
        1043, // bad handshake
        1044, 1045, // access denied: fixing the account brings the rows back, dead-lettering would lose them
        1053, // server shutdown in progress
        1077, 1078, 1079, 1080, // shutdown-related
        1142, 1146, 1054, // denied / missing table / unknown column: a deployment problem, not a row problem
        1152, 1154, 1155, 1156, 1157, 1158, 1159, 1160, 1161, // network read/write errors, aborted, packet too large
        1203, // too many user connections
        1205, // lock wait timeout
        1213, // deadlock
        1290, // read only (failover in progress)
        1317, // query interrupted
        1792, // read-only transaction
        1836, // running in read-only mode
        1927, // connection killed (MariaDB)
        3024, // max execution time exceeded
        4031, // client disconnected for inactivity
    ];

    private static readonly HashSet<int> LocalInfileErrors = [1148, 3948, 4166];

    public static RequestLogFailureKind Classify(Exception exception) => exception switch
    {
        ApiRequestRowsSkippedException => RequestLogFailureKind.Conflict,
        MySqlException { Number: 1062 } => RequestLogFailureKind.Conflict,
        MySqlException mysql when IsLocalInfileRefusal(mysql) => RequestLogFailureKind.LocalInfileRefused,
        MySqlException { Number: > 0 and < 2000 } mysql when !TransientServerErrors.Contains(mysql.Number) && !mysql.IsTransient
            => RequestLogFailureKind.Data,
        NotSupportedException when exception.Message.Contains("LOAD DATA", StringComparison.OrdinalIgnoreCase)
            => RequestLogFailureKind.LocalInfileRefused,
        _ => RequestLogFailureKind.Transient,
    };

    /// <summary>Whether the failure says the server (or its account) will not take LOAD DATA LOCAL.</summary>
    public static bool IsLocalInfileRefusal(MySqlException exception)
        => LocalInfileErrors.Contains(exception.Number)
           || exception.Message.Contains("Loading local data is disabled", StringComparison.OrdinalIgnoreCase)
           || exception.Message.Contains("local_infile", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the retry pipeline should retry (everything transient, including lost connections).</summary>
    public static bool IsTransient(Exception exception)
        => exception is not OperationCanceledException && Classify(exception) == RequestLogFailureKind.Transient
           || exception is SocketException or IOException or TimeoutException;
}
