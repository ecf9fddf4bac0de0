using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// One written column of <c>api_requests</c>, named and typed by the EF model; <see cref="Write"/> sets the entity's
/// property (used to give a record the bounded values, <see cref="ApiRequestRowPreparer.Bound"/>);
/// <see cref="ProviderType"/> is the type of the values sent (after <see cref="Converter"/>).
/// </summary>
internal sealed record ApiRequestColumn(
    string Name, string PropertyName, ApiRequestColumnKind Kind, int Limit, Func<ApiRequest, object?> Read, ValueConverter? Converter, bool IsPrimaryKey,
    Action<ApiRequest, object?> Write, Type ProviderType);
