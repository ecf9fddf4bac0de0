using System.Text.Json.Serialization;

namespace GatewayPersistence.RequestLog;

/// <summary>Source-generated JSON for the journal and the dead-letter file (no reflection on the hot path).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiRequestRecord))]
[JsonSerializable(typeof(DeadLetterEntry))]
[JsonSerializable(typeof(JournalLine))]
internal sealed partial class RequestLogJsonContext : JsonSerializerContext;
