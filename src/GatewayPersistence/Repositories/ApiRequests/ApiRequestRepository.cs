using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Retention;
using GatewayPersistence.Sql;
using GatewayPersistence.Statistics;
using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace GatewayPersistence.Repositories;

/// <inheritdoc cref="IApiRequestRepository" />
internal sealed partial class ApiRequestRepository(
    IDbContextFactory<GatewayDbContext> contextFactory, TimeProvider timeProvider, ILogger<ApiRequestRepository> logger,
    GatewayReadContextFactory? readContexts = null)
    : RepositoryBase<ApiRequest>(contextFactory, timeProvider), IApiRequestRepository
{
    // The listing reads a replica when one is configured (it may lag the primary); lookups by id stay on the primary.
    private readonly GatewayReadContextFactory readContexts = readContexts ?? GatewayReadContextFactory.PrimaryOnly(contextFactory);

    /// <summary>Far enough in the future that no row is after it: the end of a window without <see cref="ApiRequestQuery.Until"/>.</summary>
    private const long EndOfTime = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

    public async Task<ApiRequestPage> GetAllAsync(ApiRequestQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new ApiRequestQuery();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, RepositoryDefaults.MaxRequestPageSize, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset, nameof(query));
        foreach (var (value, name) in new[]
                 {
                     (query.VirtualKeyId, nameof(query.VirtualKeyId)), (query.ProviderId, nameof(query.ProviderId)),
                     (query.Model, nameof(query.Model)), (query.Status, nameof(query.Status)), (query.Cursor, nameof(query.Cursor)),
                 })
        {
            if (value is { Length: 0 })
            {
                throw new ArgumentException($"{name} must be null (no filter) or non-empty.", name);
            }
        }

        ApiRequestCursor? cursor = query.Cursor is null ? null : ApiRequestCursor.Decode(query.Cursor);
        if (cursor is not null && query.Offset != 0)
        {
            throw new ArgumentException("Offset and Cursor cannot be combined: a cursor page starts after the cursor's row.", nameof(query));
        }

        await using var context = await readContexts.CreateDbContextAsync(cancellationToken);
        var strategy = context.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            await context.Database.OpenConnectionAsync(ct);
            try
            {
                var connection = (MySqlConnection)context.Database.GetDbConnection();
                var sql = SqlModel.For(context);
                // One read-only snapshot for the floor, the page and the total: a retention run raising the floor and
                // deleting below it meanwhile changes none of them, so the page and its total describe one state.
                await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.Snapshot, isReadOnly: true, ct);
                await context.Database.UseTransactionAsync(snapshot, ct);
                var floor = await RetentionFloors.ReadAsync(connection, snapshot, sql, RetentionFloor.RowsKind, ct);
                var rows = PageQuery(context, query, floor, cursor);
                if (cursor is null && query.Offset > 0)
                {
                    rows = rows.Skip(query.Offset);
                }

                // One row more than the page tells whether a next page exists.
                var items = await rows.Take(query.Limit + 1).ToListAsync(ct);
                string? nextCursor = null;
                if (items.Count > query.Limit)
                {
                    items.RemoveAt(items.Count - 1);
                    nextCursor = new ApiRequestCursor(items[^1].CreatedAt.ToUnixTimeMilliseconds(), items[^1].Id).Encode();
                }

                long total = -1;
                if (query.IncludeTotal)
                {
                    var from = Math.Max(query.Since?.ToUnixTimeMilliseconds() ?? 0, floor ?? 0);
                    var toExclusive = query.Until is { } until ? until.ToUnixTimeMilliseconds() + 1 : EndOfTime;
                    total = await ApiRequestListingTotal.CountAsync(
                        connection, snapshot, sql.Names, new ListingFilters(query.VirtualKeyId, query.ProviderId, query.Model, query.Status),
                        from, toExclusive, TimeProvider.GetUtcNow().ToUnixTimeMilliseconds(), ct);
                }

                await snapshot.CommitAsync(ct);
                await context.Database.UseTransactionAsync(null, ct);
                var totalPages = total < 0 ? 0 : (int)((total + query.Limit - 1) / query.Limit);
                var page = cursor is null ? (query.Offset / query.Limit) + 1 : 0;
                return new ApiRequestPage(items, total, page, query.Limit, totalPages) { NextCursor = nextCursor };
            }
            finally
            {
                await context.Database.CloseConnectionAsync();
            }
        }, cancellationToken);
    }

    /// <summary>
    /// The rows of a page, newest first: visible, filtered, from the retention floor on, after the cursor. Each filter has
    /// a (column, created_at) index whose order (the primary key appended) is the page order, so the server reads one
    /// index range backwards and stops after the page; the tests EXPLAIN this query for every filter.
    /// </summary>
    /// <remarks>
    /// The query names that index (<c>FORCE INDEX</c>, see <see cref="PageIndex"/>). Left to itself, the optimizer
    /// plans ORDER BY ... LIMIT as a <c>ref</c> on the filter column alone (the first key part): it reads the index
    /// backwards from the newest matching row and discards every row until the cursor, so a page 100,000 rows deep took
    /// 1.2 s at 10M rows. With only that index allowed, the range optimizer builds its range on it, and the range over
    /// (column, created_at) wins over the ref on the same index because it uses more key parts: the read starts at the
    /// cursor (32 ms for the same page).
    /// </remarks>
    internal static IQueryable<ApiRequest> PageQuery(GatewayDbContext context, ApiRequestQuery query, long? floor, ApiRequestCursor? cursor)
    {
        var names = SqlModel.For(context).Names;
        // Identifiers only, from the model: the values stay parameters of the composed query.
        var source = $"SELECT * FROM {names.Requests} FORCE INDEX ({PageIndex(names, query)})";
        var rows = ApiRequestVisibility.VisibleRequests(context, context.ApiRequests.FromSqlRaw(source));
        if (query.VirtualKeyId is { } virtualKeyId)
        {
            rows = rows.Where(r => r.VirtualKeyId == virtualKeyId);
        }

        if (query.ProviderId is { } providerId)
        {
            rows = rows.Where(r => r.ProviderId == providerId);
        }

        if (query.Model is { } model)
        {
            rows = rows.Where(r => r.Model == model);
        }

        if (query.Status is { } status)
        {
            rows = rows.Where(r => r.Status == status);
        }

        // Raw rows below the retention floor may be half deleted: the list starts at the floor.
        var since = floor is { } purgedBelow && (query.Since is null || query.Since.Value.ToUnixTimeMilliseconds() < purgedBelow)
            ? DateTimeOffset.FromUnixTimeMilliseconds(purgedBelow)
            : query.Since;
        if (since is { } from)
        {
            rows = rows.Where(r => r.CreatedAt >= from);
        }

        if (query.Until is { } until)
        {
            rows = rows.Where(r => r.CreatedAt <= until);
        }

        if (cursor is { } after)
        {
            var createdAt = DateTimeOffset.FromUnixTimeMilliseconds(after.CreatedAt);
            var id = after.Id;
            // "<= created_at" first, so the server has a range on the index; the OR then only sorts out the cursor's millisecond.
            rows = rows.Where(r => r.CreatedAt <= createdAt && (r.CreatedAt < createdAt || string.Compare(r.Id, id) < 0));
        }

        return Newest(rows);
    }

    /// <summary>
    /// The index a page reads: that of the equality filter most likely the most selective (key, then provider, then
    /// model, then status), the (created_at) index without one. The other filters are checked on the rows it reads.
    /// </summary>
    internal static string PageIndex(GatewaySqlNames names, ApiRequestQuery query)
    {
        if (query.VirtualKeyId is not null)
        {
            return names.RequestVirtualKeyCreatedAtIndex;
        }

        if (query.ProviderId is not null)
        {
            return names.RequestProviderCreatedAtIndex;
        }

        if (query.Model is not null)
        {
            return names.RequestModelCreatedAtIndex;
        }

        return query.Status is not null ? names.RequestStatusCreatedAtIndex : names.RequestCreatedAtIndex;
    }

    public Task<ApiRequest?> GetByIdAsync(string id, CancellationToken cancellationToken = default)
        => ReadAsync(context => ApiRequestVisibility.VisibleRequests(context).FirstOrDefaultAsync(r => r.Id == id, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<ApiRequest>> GetByVirtualKeyAsync(
        string virtualKeyId, int limit = RepositoryDefaults.LogLimit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<ApiRequest>>(async context => await Newest(ApiRequestVisibility.VisibleRequests(context).Where(r => r.VirtualKeyId == virtualKeyId))
            .Take(limit).ToListAsync(cancellationToken), cancellationToken);
    }

    public Task<LastRequestInfo?> GetLastRequestAsync(CancellationToken cancellationToken = default)
        => ReadAsync(context => Newest(ApiRequestVisibility.VisibleRequests(context))
            .Select(r => new LastRequestInfo(r.Ip, r.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken), cancellationToken);

    public async Task<int> CleanOldRecordsAsync(int days = 30, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var cutoff = Now().AddDays(-days).ToUnixTimeMilliseconds();
        await using var context = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var requests = SqlModel.For(context).Table<ApiRequest>();
        var createdAt = requests.Column(r => r.CreatedAt);
        var requestBody = requests.Column(r => r.RequestBody);
        var responseBody = requests.Column(r => r.ResponseBody);
        // Keyset chunks along idx_api_requests_created_at: find where the next 5,000 rows end, clear up to there, move on.
        // (A plain "UPDATE ... LIMIT" would rescan every already-cleared row on each pass, since the rows stay.)
        var boundarySql = $"SELECT {createdAt} FROM {requests.Name} WHERE {createdAt} >= @lower AND {createdAt} < @cutoff "
            + $"ORDER BY {createdAt} LIMIT 1 OFFSET {CleanupChunkSize - 1}";
        var clearSql = $"UPDATE {requests.Name} SET {requestBody} = NULL, {responseBody} = NULL "
            + $"WHERE {createdAt} >= @lower AND {createdAt} <= @upper AND ({requestBody} IS NOT NULL OR {responseBody} IS NOT NULL)";

        var lower = long.MinValue;
        var rows = 0;
        var statements = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var boundary = await ScalarAsync(context, boundarySql, cancellationToken,
                new MySqlParameter("@lower", lower), new MySqlParameter("@cutoff", cutoff));
            var upper = boundary is null ? cutoff - 1 : Convert.ToInt64(boundary, CultureInfo.InvariantCulture);
            rows += await context.Database.ExecuteSqlRawAsync(clearSql,
                [new MySqlParameter("@lower", lower), new MySqlParameter("@upper", upper)], cancellationToken);
            statements++;
            if (boundary is null)
            {
                break;
            }

            lower = upper + 1;
        }

        logger.LogApiRequestBodiesCleared(rows, days, statements);
        return rows;
    }

    public async Task<double> GetDatabaseSizeMbAsync(CancellationToken cancellationToken = default)
    {
        await using var context = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var bytes = await ScalarAsync(context,
            "SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
            cancellationToken);
        return Math.Round(Convert.ToDouble(bytes, CultureInfo.InvariantCulture) / (1024 * 1024), 2);
    }

    public async Task<TimeSpan> GetServerUptimeAsync(CancellationToken cancellationToken = default)
    {
        await using var context = await ContextFactory.CreateDbContextAsync(cancellationToken);
        await context.Database.OpenConnectionAsync(cancellationToken);
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SHOW GLOBAL STATUS LIKE 'Uptime'";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("The server did not report its uptime.");
        }

        return TimeSpan.FromSeconds(long.Parse(reader.GetString(1), CultureInfo.InvariantCulture));
    }

    private static IQueryable<ApiRequest> Newest(IQueryable<ApiRequest> rows)
        => rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id);

    private static async Task<object?> ScalarAsync(
        GatewayDbContext context, string sql, CancellationToken cancellationToken, params DbParameter[] parameters)
    {
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = context.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddRange(parameters);
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is DBNull ? null : value;
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }
}
