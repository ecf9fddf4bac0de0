using System.Diagnostics.CodeAnalysis;

namespace GatewayPersistence.Repositories;

/// <summary>
/// A patch field: either not given (the column is left alone) or given, possibly as <see langword="null"/>
/// (the column is set to NULL). A value converts implicitly, so a patch reads <c>new ProviderPatch { Description = null }</c>.
/// </summary>
/// <typeparam name="T">The field's type; a nullable type when the column accepts NULL.</typeparam>
/// <remarks><c>default</c> is "not given".</remarks>
[SuppressMessage("Naming", "CA1716:Identifiers should not match keywords",
    Justification = "The library targets C# hosts; Optional<T> is the name patch callers expect.")]
public readonly struct Optional<T> : IEquatable<Optional<T>>
{
    private readonly T value;

    /// <summary>A given value.</summary>
    public Optional(T value)
    {
        this.value = value;
        HasValue = true;
    }

    /// <summary>Whether a value was given (<see langword="null"/> counts as given).</summary>
    public bool HasValue { get; }

    /// <summary>The given value.</summary>
    /// <exception cref="InvalidOperationException">No value was given.</exception>
    public T Value => HasValue ? value : throw new InvalidOperationException("The field was not given.");

    /// <summary>Wraps a given value.</summary>
    public static implicit operator Optional<T>(T value) => new(value);

    /// <summary>Compares two fields.</summary>
    public static bool operator ==(Optional<T> left, Optional<T> right) => left.Equals(right);

    /// <summary>Compares two fields.</summary>
    public static bool operator !=(Optional<T> left, Optional<T> right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(Optional<T> other)
        => HasValue == other.HasValue && (!HasValue || EqualityComparer<T>.Default.Equals(value, other.value));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Optional<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HasValue ? HashCode.Combine(true, value) : 0;

    /// <summary>Says whether a value was given, never the value itself: patch fields may hold secrets.</summary>
    public override string ToString() => HasValue ? "(given)" : "(not given)";
}
