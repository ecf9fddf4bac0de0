using System.Text.Json.Serialization;

namespace GatewayPersistence.RequestLog;

/// <summary>One line of the dead-letter file: the record as given, why it was refused, and when.</summary>
internal sealed record DeadLetterEntry(DateTimeOffset FailedAt, string Error, ApiRequestRecord Record);

/// <summary>Source-generated JSON for the journal and the dead-letter file (no reflection on the hot path).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiRequestRecord))]
[JsonSerializable(typeof(DeadLetterEntry))]
internal sealed partial class RequestLogJsonContext : JsonSerializerContext;
