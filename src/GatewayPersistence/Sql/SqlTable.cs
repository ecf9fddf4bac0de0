using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;

namespace GatewayPersistence.Sql;

/// <summary>Table and column names of one entity as the EF model maps them, quoted and unquoted.</summary>
internal sealed class SqlTable<TEntity>
    where TEntity : class
{
    private readonly SqlModel sql;

    internal SqlTable(SqlModel sql)
    {
        this.sql = sql;
        EntityType = sql.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        StoreObject = StoreObjectIdentifier.Table(
            EntityType.GetTableName() ?? throw new InvalidOperationException($"{typeof(TEntity).Name} has no table."),
            EntityType.GetSchema());
        Name = sql.Quote(StoreObject.Name);
    }

    /// <summary>The mapped entity type.</summary>
    public IEntityType EntityType { get; }

    /// <summary>The table as a store object (for column names of properties).</summary>
    public StoreObjectIdentifier StoreObject { get; }

    /// <summary>The table name, unquoted (for parameters such as information_schema lookups).</summary>
    public string UnquotedName => StoreObject.Name;

    /// <summary>The quoted table name.</summary>
    public string Name { get; }

    /// <summary>The quoted column of <paramref name="property"/>.</summary>
    public string Column<TValue>(Expression<Func<TEntity, TValue>> property) => sql.Quote(UnquotedColumn(property));

    /// <summary>The quoted column of the property named <paramref name="propertyName"/>.</summary>
    public string Column(string propertyName) => sql.Quote(ColumnOf(Property(propertyName)));

    /// <summary>The unquoted column of <paramref name="property"/>.</summary>
    public string UnquotedColumn<TValue>(Expression<Func<TEntity, TValue>> property)
    {
        return ColumnOf(Property(MemberName(property)));
    }

    private static string MemberName(LambdaExpression property)
    {
        var body = property.Body is UnaryExpression { NodeType: ExpressionType.Convert } conversion ? conversion.Operand : property.Body;
        return ((MemberExpression)body).Member.Name;
    }

    /// <summary>The unquoted column of a mapped property.</summary>
    public string ColumnOf(IProperty property) => property.GetColumnName(StoreObject)
        ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{property.Name} has no column.");

    /// <summary>
    /// The quoted name of the index whose columns are exactly <paramref name="properties"/>, in that order (for index
    /// hints: the name comes from the model, so it follows the entity configuration).
    /// </summary>
    public string IndexOn(params Expression<Func<TEntity, object?>>[] properties)
    {
        var wanted = properties.Select(p => Property(MemberName(p))).ToList();
        var index = EntityType.GetIndexes().SingleOrDefault(i => i.Properties.SequenceEqual(wanted))
            ?? throw new InvalidOperationException(
                $"{typeof(TEntity).Name} has no index on ({string.Join(", ", wanted.Select(p => p.Name))}).");
        return sql.Quote(index.GetDatabaseName()
            ?? throw new InvalidOperationException($"The index on ({string.Join(", ", wanted.Select(p => p.Name))}) has no name."));
    }

    /// <summary>The mapped property behind <paramref name="memberName"/> (for validation).</summary>
    public IProperty Property(string memberName) => EntityType.FindProperty(memberName)
        ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{memberName} is not mapped.");
}
