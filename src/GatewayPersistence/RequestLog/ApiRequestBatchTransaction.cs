using System.Data;
using System.Text;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Rollups;
using GatewayPersistence.Sql;
using MySqlConnector;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Writes one batch in one transaction, idempotently, and hands exactly the inserted rows (their stored values) to the
/// hourly rollup in the same transaction. References to deleted virtual keys or providers are written as NULL (as
/// ON DELETE SET NULL would have; the surviving parents are share-locked so they cannot vanish before commit).
/// </summary>
/// <remarks>
/// A fresh batch is written optimistically, without reading which ids exist: the writer skips (bulk copy) or refuses
/// (INSERT) an id already stored and then throws, so when it returns every row of the batch was inserted by this
/// transaction and the rollup gets them all. When it throws that way (a batch retried after a lost commit
/// acknowledgement, a journal replay, another writer), that transaction is rolled back and the batch is written again
/// with the pre-check: it reads which ids are already stored and inserts only the rest. Both ways a retried batch adds
/// nothing twice. On a Galera node the checked write reads causally (<see cref="CausalReads"/>): the batch may have
/// committed on a node that died before acknowledging it, and the check must see that commit, not count it again.
/// (Were it not yet applied here, certification would still refuse the second insert at COMMIT; the causal read spares
/// that round.)
/// <para>
/// When the share-locked parents prove every reference of the batch (each one byte for byte a stored key), the rows are
/// written with the session's <c>foreign_key_checks</c> off: the server's own check would look up and lock, row by row,
/// the parents this transaction already holds (measured: about 6% of the server's CPU per row). Not on a certifying
/// cluster (<see cref="ServerFacts.ReferencesNeedServerCheck"/>). The switch is set back right after the rows; a
/// failure on the way leaves it to the pool's session reset, which the library's connection string always asks for
/// (<see cref="GatewayDataSource.NormalizedConnectionString"/>).
/// </para>
/// </remarks>
internal sealed class ApiRequestBatchTransaction(
    GatewayDataSource dataSource, ApiRequestColumnLayout layout, IApiRequestRollupWriter rollupWriter, int commandTimeoutSeconds,
    ServerFacts facts)
{
    /// <summary>Seconds a write session may stay silent beyond the command timeout before the server ends it.</summary>
    internal const int IdleMarginSeconds = 10;

    // The largest wait_timeout the servers accept (MySQL and MariaDB: 31,536,000 s, a year).
    private const int MaxWaitTimeoutSeconds = 31_536_000;

    /// <summary>Writes <paramref name="rows"/>; returns how many rows this transaction inserted.</summary>
    public async Task<int> WriteAsync(
        IReadOnlyList<PreparedApiRequestRow> rows, IApiRequestBulkWriter writer, CancellationToken cancellationToken)
    {
        if (HasDistinctIds(rows))
        {
            try
            {
                return await WriteOnceAsync(rows, writer, preCheck: false, cancellationToken);
            }
            catch (Exception exception) when (RequestLogFailure.Classify(exception) == RequestLogFailureKind.Conflict)
            {
                // Some id is stored already (or a row was skipped for its data): the checked write sorts it out.
            }
        }

        return await WriteOnceAsync(rows, writer, preCheck: true, cancellationToken);
    }

    /// <summary>Whether no two rows share an id (the column's collation is case-insensitive: ids differing in case are one key).</summary>
    internal static bool HasDistinctIds(IReadOnlyList<PreparedApiRequestRow> rows)
    {
        var seen = new HashSet<string>(rows.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            if (!seen.Add(row.Id))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<int> WriteOnceAsync(
        IReadOnlyList<PreparedApiRequestRow> rows, IApiRequestBulkWriter writer, bool preCheck, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await LimitIdleSessionAsync(connection, commandTimeoutSeconds, cancellationToken);
        if (preCheck && facts.IsGaleraNode)
        {
            await CausalReads.EnableAsync(connection, cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

        var fresh = rows as List<PreparedApiRequestRow> ?? rows.ToList();
        if (preCheck)
        {
            var existing = await SelectPresentAsync(
                connection, transaction, layout.QuotedTableName, layout.QuotedIdColumnName, rows.Select(row => row.Id), lockRows: false, commandTimeoutSeconds, cancellationToken);
            var seen = new HashSet<string>(existing, StringComparer.OrdinalIgnoreCase);
            fresh = rows.Where(row => seen.Add(row.Id)).ToList();
        }

        if (fresh.Count > 0)
        {
            var referencesProven = true;
            foreach (var foreignKey in layout.ForeignKeys)
            {
                referencesProven &= await NullDanglingReferencesAsync(connection, transaction, foreignKey, fresh, commandTimeoutSeconds, cancellationToken);
            }

            var skipServerCheck = referencesProven && !facts.ReferencesNeedServerCheck;
            if (skipServerCheck)
            {
                await SetForeignKeyChecksAsync(connection, transaction, on: false, commandTimeoutSeconds, cancellationToken);
            }

            await writer.WriteAsync(connection, transaction, fresh, cancellationToken);
            if (skipServerCheck)
            {
                await SetForeignKeyChecksAsync(connection, transaction, on: true, commandTimeoutSeconds, cancellationToken);
            }

            await rollupWriter.AddInsertedAsync(connection, transaction, fresh.ConvertAll(layout.ToRollupRow), commandTimeoutSeconds, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return fresh.Count;
    }

    /// <summary>
    /// Makes the server end this session after <see cref="IdleMarginSeconds"/> more than the command timeout of silence
    /// instead of <c>wait_timeout</c> (8 hours by default). A write whose path goes half-open after it took its locks
    /// (the rows it inserted, the hourly rollup rows it added to) gives up on the client side after the command timeout
    /// and journals the batch, but its session lives on in the server, idle in the open transaction, holding those
    /// locks: the replay of that batch, and every later batch of the same hour and key, would wait on them until the
    /// server dropped the session. A live writer sends its next statement within milliseconds. The pool resets the
    /// session (and so the variable) before the connection serves anyone else.
    /// </summary>
    internal static async Task LimitIdleSessionAsync(MySqlConnection connection, int commandTimeoutSeconds, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SET SESSION wait_timeout = @idle", connection) { CommandTimeout = commandTimeoutSeconds };
        command.Parameters.AddWithValue("@idle", IdleLimitSeconds(commandTimeoutSeconds));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The session idle limit of a write: the command timeout plus <see cref="IdleMarginSeconds"/>.</summary>
    internal static int IdleLimitSeconds(int commandTimeoutSeconds)
        => (int)Math.Min((long)commandTimeoutSeconds + IdleMarginSeconds, MaxWaitTimeoutSeconds);

    /// <summary>
    /// Share-locks the parents <paramref name="rows"/> reference through <paramref name="foreignKey"/> and nulls the
    /// references to none; returns whether every kept reference is a stored key byte for byte. A reference the server
    /// matched only in another spelling (case, under a case-insensitive collation) is kept for the server to judge.
    /// </summary>
    private static async Task<bool> NullDanglingReferencesAsync(
        MySqlConnection connection, MySqlTransaction transaction, ApiRequestForeignKey foreignKey,
        List<PreparedApiRequestRow> rows, int commandTimeoutSeconds, CancellationToken cancellationToken)
    {
        var referenced = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            if (row.Values[foreignKey.ColumnIndex] is string reference)
            {
                referenced.Add(reference);
            }
        }

        if (referenced.Count == 0)
        {
            return true;
        }

        var stored = await SelectPresentAsync(
            connection, transaction, foreignKey.QuotedPrincipalTable, foreignKey.QuotedPrincipalColumn, referenced, lockRows: true, commandTimeoutSeconds, cancellationToken);
        var present = new HashSet<string>(stored, StringComparer.OrdinalIgnoreCase);
        var exact = new HashSet<string>(stored, StringComparer.Ordinal);
        var proven = true;
        foreach (var row in rows)
        {
            if (row.Values[foreignKey.ColumnIndex] is not string reference)
            {
                continue;
            }

            if (!present.Contains(reference))
            {
                row.Values[foreignKey.ColumnIndex] = null;
            }
            else
            {
                proven &= exact.Contains(reference);
            }
        }

        return proven;
    }

    private static async Task SetForeignKeyChecksAsync(
        MySqlConnection connection, MySqlTransaction transaction, bool on, int commandTimeoutSeconds, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(on ? "SET SESSION foreign_key_checks = 1" : "SET SESSION foreign_key_checks = 0", connection, transaction)
        {
            CommandTimeout = commandTimeoutSeconds,
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The values of <paramref name="ids"/> present in <paramref name="quotedTable"/>.<paramref name="quotedColumn"/>.</summary>
    private static async Task<List<string>> SelectPresentAsync(
        MySqlConnection connection, MySqlTransaction transaction, string quotedTable, string quotedColumn, IEnumerable<string> ids,
        bool lockRows, int commandTimeoutSeconds, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand { Connection = connection, Transaction = transaction, CommandTimeout = commandTimeoutSeconds };
        var text = new StringBuilder($"SELECT {quotedColumn} FROM {quotedTable} WHERE {quotedColumn} IN (");
        if (SqlLists.AppendInList(text, command, ids) == 0)
        {
            return [];
        }

        text.Append(lockRows ? ") LOCK IN SHARE MODE" : ")");
        command.CommandText = text.ToString();
        var present = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            present.Add(reader.GetString(0));
        }

        return present;
    }
}
