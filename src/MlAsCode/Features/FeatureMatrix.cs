using System;
using System.Collections.Immutable;

namespace MlAsCode.Features;

/// <summary>A dense, row-major matrix of transformed features with its column names.</summary>
public sealed class FeatureMatrix
{
    /// <summary>Wraps row-major values with their column names.</summary>
    /// <exception cref="ArgumentException">The value count is not rows × columns.</exception>
    public FeatureMatrix(float[] values, int rows, ImmutableArray<string> names)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (names.IsDefault || rows < 0 || values.Length != (long)rows * names.Length)
        {
            throw new ArgumentException($"{values.Length} values are not {rows} rows of {(names.IsDefault ? 0 : names.Length)} columns.", nameof(values));
        }

        Values = values;
        Rows = rows;
        Names = names;
    }

    /// <summary>All values, row after row.</summary>
    public float[] Values { get; }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns => Names.Length;

    /// <summary>Column names, in order.</summary>
    public ImmutableArray<string> Names { get; }

    /// <summary>One value.</summary>
    public float this[int row, int column] => Values[(row * Columns) + column];

    /// <summary>One row.</summary>
    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Columns, Columns);

    /// <summary>The index of a column by name.</summary>
    /// <exception cref="ArgumentException">No column has that name.</exception>
    public int ColumnIndex(string name)
    {
        var index = Names.IndexOf(name);
        return index >= 0 ? index : throw new ArgumentException($"No feature column named {name}; columns are {string.Join(", ", Names)}.", nameof(name));
    }
}
