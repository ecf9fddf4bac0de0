using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GatewayPersistence.EntityConfigurations;

/// <summary>
/// Maps a legacy nullable <c>TINYINT</c> flag to a <see cref="bool"/>: a NULL stored by another writer reads as the
/// column's default instead of failing the query.
/// </summary>
#pragma warning disable EF1001 // convertsNulls is EF's own, supported way to read NULL into a value type (efcore#13850).
internal sealed class FlagConverter(bool valueForNull) : ValueConverter<bool, bool?>(
    value => value,
    stored => stored ?? valueForNull,
    convertsNulls: true);
#pragma warning restore EF1001
