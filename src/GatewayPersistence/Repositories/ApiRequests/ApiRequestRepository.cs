using GatewayPersistence.Sql;
using GatewayPersistence.Statistics;
using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace GatewayPersistence.Repositories;

/// <inheritdoc cref="IApiRequestRepository" />
internal sealed partial class ApiRequestRepository(
    IDbContextFactory<GatewayDbContext> contextFactory, TimeProvider timeProvider, ILogger<ApiRequestRepository> logger)
    : RepositoryBase<ApiRequest>(contextFactory, timeProvider), IApiRequestRepository
{
    public async Task<ApiRequestPage> GetAllAsync(ApiRequestQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new ApiRequestQuery();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, RepositoryDefaults.MaxRequestPageSize, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset, nameof(query));

        await using var context = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var rows = ApiRequestVisibility.VisibleRequests(context);
        if (query.VirtualKeyId is { } virtualKeyId)
        {
            rows = rows.Where(r => r.VirtualKeyId == virtualKeyId);
        }

        if (query.Since is { } since)
        {
            rows = rows.Where(r => r.CreatedAt >= since);
        }

        if (query.Until is { } until)
        {
            rows = rows.Where(r => r.CreatedAt <= until);
        }

        if (query.Status is { } status)
        {
            rows = rows.Where(r => r.Status == status);
        }

        var total = await rows.LongCountAsync(cancellationToken);
        var items = await Newest(rows).Skip(query.Offset).Take(query.Limit).ToListAsync(cancellationToken);
        var totalPages = (int)((total + query.Limit - 1) / query.Limit);
        return new ApiRequestPage(items, total, (query.Offset / query.Limit) + 1, query.Limit, totalPages);
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
        => rows.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id);

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
