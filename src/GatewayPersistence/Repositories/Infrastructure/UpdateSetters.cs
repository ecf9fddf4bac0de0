using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;

namespace GatewayPersistence.Repositories;

/// <summary>
/// Builds the <c>SetProperty</c> chain of an <c>ExecuteUpdate</c> from a typed patch: only given fields are added, each
/// validated against its column, and each value travels as a SQL parameter (a captured member, not an inlined constant).
/// Columns come from the property expressions, so nothing a caller passes can name a column.
/// </summary>
internal sealed class UpdateSetters<TEntity>
    where TEntity : class
{
    private static readonly MethodInfo SetPropertyToValue = typeof(SetPropertyCalls<TEntity>).GetMethods()
        .Single(method => method.Name == nameof(SetPropertyCalls<TEntity>.SetProperty)
            && method.GetParameters()[1].ParameterType.IsGenericParameter);

    private readonly IEntityType entityType;
    private readonly ParameterExpression calls = Expression.Parameter(typeof(SetPropertyCalls<TEntity>), "calls");
    private Expression body;

    public UpdateSetters(IEntityType entityType)
    {
        this.entityType = entityType;
        body = calls;
    }

    /// <summary>Number of fields set so far.</summary>
    public int Count { get; private set; }

    /// <summary>Sets <paramref name="property"/> when <paramref name="value"/> was given.</summary>
    public UpdateSetters<TEntity> Set<TProperty>(Expression<Func<TEntity, TProperty>> property, Optional<TProperty> value)
    {
        if (!value.HasValue)
        {
            return this;
        }

        var memberName = ((MemberExpression)property.Body).Member.Name;
        var mapped = entityType.FindProperty(memberName)
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{memberName} is not mapped.");
        ColumnRules.Validate(mapped, value.Value);

        var captured = Expression.Field(Expression.Constant(new Captured<TProperty>(value.Value)), nameof(Captured<TProperty>.Value));
        body = Expression.Call(body, SetPropertyToValue.MakeGenericMethod(typeof(TProperty)), property, captured);
        Count++;
        return this;
    }

    /// <summary>The lambda to pass to <c>ExecuteUpdateAsync</c>.</summary>
    public Expression<Func<SetPropertyCalls<TEntity>, SetPropertyCalls<TEntity>>> Build()
        => Expression.Lambda<Func<SetPropertyCalls<TEntity>, SetPropertyCalls<TEntity>>>(body, calls);

    /// <summary>Holds a value the way a closure does, so EF turns it into a parameter.</summary>
    private sealed class Captured<T>(T value)
    {
#pragma warning disable CA1051 // a field, like the compiler's closure classes: EF parameterises member access on a constant
        public readonly T Value = value;
#pragma warning restore CA1051
    }
}
