using System;
using System.Globalization;

namespace MlAsCode.Features;

/// <summary>
/// The value of a row's <c>[EntityKey]</c>: a whole number or text, compared without allocating, so looking up an
/// entity's history on the serving path creates no strings.
/// </summary>
public readonly struct EntityId : IEquatable<EntityId>
{
    private readonly long _number;
    private readonly string? _text;

    /// <summary>A numeric key.</summary>
    public EntityId(long number)
    {
        _number = number;
        _text = null;
    }

    /// <summary>A text key (null and empty are one key).</summary>
    public EntityId(string? text)
    {
        _number = 0;
        _text = text ?? "";
    }

    /// <inheritdoc />
    public bool Equals(EntityId other) => _number == other._number && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EntityId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _text is null ? _number.GetHashCode() : StringComparer.Ordinal.GetHashCode(_text);

    /// <inheritdoc />
    public override string ToString() => _text ?? _number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Equality.</summary>
    public static bool operator ==(EntityId left, EntityId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(EntityId left, EntityId right) => !left.Equals(right);
}
