using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GatewayPersistence.RequestLog;

/// <summary>One written column of <c>api_requests</c>, named and typed by the EF model.</summary>
internal sealed record ApiRequestColumn(
    string Name, string PropertyName, ApiRequestColumnKind Kind, int Limit, Func<ApiRequest, object?> Read, ValueConverter? Converter, bool IsPrimaryKey);
