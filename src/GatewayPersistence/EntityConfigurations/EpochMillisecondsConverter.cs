using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GatewayPersistence.EntityConfigurations;

/// <summary>Stores a <see cref="DateTimeOffset"/> as the legacy schema's BIGINT Unix epoch milliseconds.</summary>
internal sealed class EpochMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.ToUnixTimeMilliseconds(),
    millis => DateTimeOffset.FromUnixTimeMilliseconds(millis));
