using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;

namespace GatewayPersistence.Repositories;

/// <summary>
/// What every repository shares: a short-lived context per call from the pooled factory (so repositories are
/// stateless singletons), "now" from the injected <see cref="TimeProvider"/> at the schema's millisecond precision,
/// untracked reads, validated inserts and single-statement patch updates and deletes with typed constraint errors.
/// </summary>
internal abstract class RepositoryBase<TEntity>(IDbContextFactory<GatewayDbContext> contextFactory, TimeProvider timeProvider)
    where TEntity : class
{
    /// <summary>Default row limit of list reads of configuration tables.</summary>
    public const int DefaultListLimit = RepositoryDefaults.ListLimit;

    /// <summary>Rows per statement of a chunked clean-up, small enough that no statement holds locks for long.</summary>
    public const int CleanupChunkSize = 5000;

    protected IDbContextFactory<GatewayDbContext> ContextFactory { get; } = contextFactory;

    protected TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>The current time, cut to whole milliseconds as the BIGINT columns store it.</summary>
    protected DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.GetUtcNow().ToUnixTimeMilliseconds());

    protected async Task<TResult> ReadAsync<TResult>(Func<GatewayDbContext, Task<TResult>> read, CancellationToken cancellationToken)
    {
        await using var context = await ContextFactory.CreateDbContextAsync(cancellationToken);
        return await read(context);
    }

    /// <summary>Untracked rows shaped (filtered and ordered) by <paramref name="shape"/>, at most <paramref name="limit"/>.</summary>
    protected Task<IReadOnlyList<TEntity>> ListAsync(
        Func<IQueryable<TEntity>, IQueryable<TEntity>> shape, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<TEntity>>(
            async context => await shape(context.Set<TEntity>().AsNoTracking()).Take(limit).ToListAsync(cancellationToken),
            cancellationToken);
    }

    /// <summary>The first untracked row matching <paramref name="predicate"/>, or <see langword="null"/>.</summary>
    protected Task<TEntity?> FindAsync(Expression<Func<TEntity, bool>> predicate, CancellationToken cancellationToken)
        => ReadAsync(context => context.Set<TEntity>().AsNoTracking().FirstOrDefaultAsync(predicate, cancellationToken), cancellationToken);

    /// <summary>Validates and inserts <paramref name="entity"/>; returns it, detached.</summary>
    protected async Task<TEntity> InsertAsync(TEntity entity, CancellationToken cancellationToken)
    {
        await using var context = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var entityType = EntityType(context);
        ColumnRules.ValidateEntity(entityType, entity);
        context.Set<TEntity>().Add(entity);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (DatabaseErrors.Translate(exception, entityType) is { } translated)
        {
            throw translated;
        }

        return entity;
    }

    /// <summary>
    /// One <c>UPDATE</c> of the fields <paramref name="describe"/> sets, plus <paramref name="updatedAt"/> = now when given.
    /// Nothing is written when no field is set.
    /// </summary>
    /// <returns>Whether a row matched (false as well when the patch was empty).</returns>
    protected async Task<bool> UpdateWhereAsync(
        Expression<Func<TEntity, bool>> match,
        Action<UpdateSetters<TEntity>> describe,
        Expression<Func<TEntity, DateTimeOffset>>? updatedAt,
        CancellationToken cancellationToken)
    {
        await using var context = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var entityType = EntityType(context);
        var setters = new UpdateSetters<TEntity>(entityType);
        describe(setters);
        if (setters.Count == 0)
        {
            return false;
        }

        if (updatedAt is not null)
        {
            setters.Set(updatedAt, Now());
        }

        try
        {
            // The connection reports found rows (MySqlConnector's default), so an unchanged row still counts as matched.
            return await context.Set<TEntity>().Where(match).ExecuteUpdateAsync(setters.Build(), cancellationToken) > 0;
        }
        catch (Exception exception) when (DatabaseErrors.Translate(exception, entityType) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Deletes the rows matching <paramref name="match"/> in one statement; whether any was deleted.</summary>
    protected async Task<bool> DeleteWhereAsync(Expression<Func<TEntity, bool>> match, CancellationToken cancellationToken)
    {
        await using var context = await ContextFactory.CreateDbContextAsync(cancellationToken);
        return await context.Set<TEntity>().Where(match).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>
    /// Runs <paramref name="statement"/> (which must touch at most <see cref="CleanupChunkSize"/> rows) until it touches
    /// fewer, so a large clean-up is many short statements rather than one long lock.
    /// </summary>
    /// <returns>Rows touched in total, and the number of statements run.</returns>
    protected static async Task<(int Rows, int Statements)> RunInChunksAsync(
        Func<CancellationToken, Task<int>> statement, CancellationToken cancellationToken)
    {
        var rows = 0;
        var statements = 0;
        int touched;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            touched = await statement(cancellationToken);
            rows += touched;
            statements++;
        }
        while (touched >= CleanupChunkSize);

        return (rows, statements);
    }

    protected static IEntityType EntityType(GatewayDbContext context)
        => context.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
}
