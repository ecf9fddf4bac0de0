using Microsoft.EntityFrameworkCore.Storage;

namespace GatewayPersistence.Coordination;

/// <summary>
/// The SQL of <c>__gateway_leases</c>, the one row per lock name that <see cref="DatabaseLeaseLock"/> writes. Like EF
/// Core's <c>__EFMigrationsHistory</c> it is not part of the gateway's model: the migration lock needs it before the
/// first migration has run, so it is created on first use (idempotently: instances on every node may try at once, and
/// Galera runs the DDL in total order).
/// </summary>
/// <remarks>
/// Time is the database's (<c>UTC_TIMESTAMP(6)</c>): every instance compares expiries against one clock per node, so
/// the nodes of a cluster must keep their clocks in step (NTP), with the lease duration far above their skew.
/// </remarks>
internal sealed class LeaseTable
{
    /// <summary>Name of the table (no schema: it lives in the gateway database).</summary>
    public const string TableName = "__gateway_leases";

    public LeaseTable(ISqlGenerationHelper sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var table = sql.DelimitIdentifier(TableName);
        var name = sql.DelimitIdentifier("name");
        var holder = sql.DelimitIdentifier("holder");
        var expiresAt = sql.DelimitIdentifier("expires_at");
        var acquiredAt = sql.DelimitIdentifier("acquired_at");
        var renewedAt = sql.DelimitIdentifier("renewed_at");
        const string Expiry = "UTC_TIMESTAMP(6) + INTERVAL @duration MICROSECOND";

        CreateIfMissing = $"""
            CREATE TABLE IF NOT EXISTS {table} (
              {name} varchar(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
              {holder} varchar(200) CHARACTER SET ascii COLLATE ascii_bin NULL,
              {expiresAt} datetime(6) NOT NULL,
              {acquiredAt} datetime(6) NULL,
              {renewedAt} datetime(6) NULL,
              PRIMARY KEY ({name})
            ) ENGINE=InnoDB
            """;
        // A row that already exists writes nothing (no write set, so no certification conflict on a cluster).
        EnsureRow = $"INSERT IGNORE INTO {table} ({name}, {holder}, {expiresAt}) VALUES (@name, NULL, '1970-01-01 00:00:01')";
        // One statement decides: on one server the row lock serialises takers; on Galera two nodes may both match, and
        // certification lets only the first commit through (the other is retried by the node and then matches nothing,
        // or fails with a deadlock error) — either way at most one holder.
        Take = $"""
            UPDATE {table} SET {holder} = @holder, {expiresAt} = {Expiry}, {acquiredAt} = UTC_TIMESTAMP(6), {renewedAt} = UTC_TIMESTAMP(6)
            WHERE {name} = @name AND ({holder} IS NULL OR {expiresAt} <= UTC_TIMESTAMP(6))
            """;
        Renew = $"""
            UPDATE {table} SET {expiresAt} = {Expiry}, {renewedAt} = UTC_TIMESTAMP(6)
            WHERE {name} = @name AND {holder} = @holder
            """;
        Release = $"UPDATE {table} SET {holder} = NULL, {expiresAt} = UTC_TIMESTAMP(6) WHERE {name} = @name AND {holder} = @holder";
    }

    /// <summary>Creates the table when it is missing.</summary>
    public string CreateIfMissing { get; }

    /// <summary>Adds the row of <c>@name</c> (free) when it is missing.</summary>
    public string EnsureRow { get; }

    /// <summary>Gives <c>@name</c> to <c>@holder</c> for <c>@duration</c> µs when it is free or expired; 1 row when taken.</summary>
    public string Take { get; }

    /// <summary>Extends <c>@holder</c>'s lease of <c>@name</c> by <c>@duration</c> µs from now; 0 rows when it was lost.</summary>
    public string Renew { get; }

    /// <summary>Frees <c>@name</c> when <c>@holder</c> still has it.</summary>
    public string Release { get; }
}
