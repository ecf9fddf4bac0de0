using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;

namespace GatewayPersistence.Repositories;

/// <summary>
/// Quoted table and column names of one entity, read from the EF model, for the few statements written as SQL
/// (upsert, chunked clean-up, JSON counts). Identifiers never come from input.
/// </summary>
internal sealed class SqlTable<TEntity>
    where TEntity : class
{
    private readonly IEntityType entityType;
    private readonly StoreObjectIdentifier storeObject;

    public SqlTable(IModel model)
    {
        entityType = model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        storeObject = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        Name = Quote(storeObject.Name);
    }

    /// <summary>The quoted table name.</summary>
    public string Name { get; }

    /// <summary>The quoted column of <paramref name="property"/>.</summary>
    public string Column(Expression<Func<TEntity, object?>> property)
    {
        var body = property.Body is UnaryExpression { NodeType: ExpressionType.Convert } conversion ? conversion.Operand : property.Body;
        var memberName = ((MemberExpression)body).Member.Name;
        var mapped = entityType.FindProperty(memberName)
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{memberName} is not mapped.");
        return Quote(mapped.GetColumnName(storeObject)!);
    }

    /// <summary>The mapped property behind <paramref name="memberName"/> (for validation).</summary>
    public IProperty Property(string memberName) => entityType.FindProperty(memberName)
        ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{memberName} is not mapped.");

    private static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";
}
