namespace MlAsCode.Features.Definition;

/// <summary>Reads one value from a row without copying it; generated for each feature.</summary>
public delegate TValue RowAccessor<TRow, out TValue>(in TRow row);

/// <summary>What kind of value a feature reads.</summary>
public enum FeatureValueKind
{
    /// <summary>A number (missing = NaN).</summary>
    Numeric,
    /// <summary>A category level (missing = null or blank).</summary>
    Categorical,
    /// <summary>A point in time.</summary>
    DateTime,
    /// <summary>A combination of two numeric properties.</summary>
    Interaction,
    /// <summary>A numeric property read over the entity's earlier events (lags, rolling windows).</summary>
    Temporal,
}
