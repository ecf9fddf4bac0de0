using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace GatewayPersistence.Sql;

/// <summary>
/// The one source of SQL identifiers for the statements the library writes by hand (bulk writes, rollups, statistics,
/// chunked clean-ups): table and column names from the EF model of the context the host configured, quoted by that
/// context's <see cref="ISqlGenerationHelper"/>. Identifiers never come from input.
/// </summary>
/// <remarks>
/// The model is read on first use, not at construction: building a context resolves the server version, which may
/// need the database, and a singleton built at host start must not need it.
/// </remarks>
internal sealed class SqlModel
{
    private readonly Lazy<(IModel Model, ISqlGenerationHelper Helper)> source;
    private readonly Lazy<GatewaySqlNames> names;
    private readonly ConcurrentDictionary<Type, object> tables = new();

    /// <summary>Reads the model of <paramref name="contextFactory"/>'s contexts on first use.</summary>
    public SqlModel(IDbContextFactory<GatewayDbContext> contextFactory)
        : this(new Lazy<(IModel, ISqlGenerationHelper)>(
            () =>
            {
                using var context = contextFactory.CreateDbContext();
                return Read(context);
            },
            // A failure (server version not detectable yet) is not kept: the next use tries again.
            LazyThreadSafetyMode.PublicationOnly))
    {
        ArgumentNullException.ThrowIfNull(contextFactory);
    }

    private SqlModel(Lazy<(IModel Model, ISqlGenerationHelper Helper)> source)
    {
        this.source = source;
        names = new Lazy<GatewaySqlNames>(() => new GatewaySqlNames(this));
    }

    /// <summary>The names of an open context's model (for code that already holds one, such as a repository call).</summary>
    public static SqlModel For(GatewayDbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new SqlModel(new Lazy<(IModel, ISqlGenerationHelper)>(Read(context)));
    }

    private static (IModel Model, ISqlGenerationHelper Helper) Read(GatewayDbContext context)
        => (context.Model, context.GetService<ISqlGenerationHelper>());

    /// <summary>The EF model (for column metadata: types, lengths, converters).</summary>
    public IModel Model => source.Value.Model;

    /// <summary>The quoted names the rollups and the statistics use.</summary>
    public GatewaySqlNames Names => names.Value;

    /// <summary>Quotes an identifier taken from the model.</summary>
    public string Quote(string identifier) => source.Value.Helper.DelimitIdentifier(identifier);

    /// <summary>The table of <typeparamref name="TEntity"/>.</summary>
    public SqlTable<TEntity> Table<TEntity>()
        where TEntity : class
        => (SqlTable<TEntity>)tables.GetOrAdd(typeof(TEntity), _ => new SqlTable<TEntity>(this));
}
