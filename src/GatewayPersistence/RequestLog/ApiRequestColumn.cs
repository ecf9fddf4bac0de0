using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// One written column of <c>api_requests</c>, named and typed by the EF model; <see cref="Write"/> sets the entity's
/// property (used to give a record the bounded values, <see cref="ApiRequestRowPreparer.Bound"/>).
/// </summary>
internal sealed record ApiRequestColumn(
    string Name, string PropertyName, ApiRequestColumnKind Kind, int Limit, Func<ApiRequest, object?> Read, ValueConverter? Converter, bool IsPrimaryKey,
    Action<ApiRequest, object?> Write);
