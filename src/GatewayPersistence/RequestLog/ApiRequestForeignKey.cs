namespace GatewayPersistence.RequestLog;

/// <summary>A foreign key of <c>api_requests</c>: the dangling references are written as NULL.</summary>
/// <param name="ColumnIndex">The dependent column, as an index into <see cref="ApiRequestColumnLayout.Columns"/>.</param>
/// <param name="PrincipalTable">The principal table's name.</param>
/// <param name="QuotedPrincipalTable">The principal table quoted for statements.</param>
/// <param name="QuotedPrincipalColumn">The principal key column quoted for statements.</param>
internal sealed record ApiRequestForeignKey(int ColumnIndex, string PrincipalTable, string QuotedPrincipalTable, string QuotedPrincipalColumn);
