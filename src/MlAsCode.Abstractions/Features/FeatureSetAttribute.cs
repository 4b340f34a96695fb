using System;

namespace MlAsCode;

/// <summary>
/// Declares a feature set (the methodology's Phase 2): a <c>partial record</c> whose properties are the columns of one source,
/// some of them features. The generator adds a typed CSV loader (<c>ReadCsv</c>) and a feature pipeline definition
/// (<c>Features</c>) whose fitted state transforms rows identically in training and serving.
/// </summary>
/// <example>
/// <code>
/// [FeatureSet(Entity = "customer", Problem = typeof(Churn), Source = "data/telco_churn.csv")]
/// public partial record Customer
/// {
///     [Target(Positive = "Yes")] public string Churn { get; init; } = "";
///     [Feature(Transform.Standardize)] public float Tenure { get; init; }
///     [Feature(Transform.OneHot)] public string Contract { get; init; } = "";
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class FeatureSetAttribute : Attribute
{
    /// <summary>The entity each row describes (<c>customer</c>); the first part of every feature name.</summary>
    public string? Entity { get; set; }

    /// <summary>The <c>[MlProblem]</c> class these features serve.</summary>
    public Type? Problem { get; set; }

    /// <summary>
    /// The source file, relative to the project (CSV). Pass it as an <c>AdditionalFiles</c> item and analyzers check
    /// the mapped columns against its header (ML0105) and one-hot cardinality against its values (ML0104).
    /// </summary>
    public string? Source { get; set; }

    /// <summary>Seed for the random choices made while fitting (target-encoding folds). Default 42.</summary>
    public int Seed { get; set; } = 42;
}

/// <summary>Maps a property to a source column whose name differs from the property's.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ColumnAttribute : Attribute
{
    /// <summary>Maps the property to <paramref name="name"/> in the source header.</summary>
    public ColumnAttribute(string name) => Name = name;

    /// <summary>The column name in the source.</summary>
    public string Name { get; }
}

/// <summary>The label to predict. Never a feature.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class TargetAttribute : Attribute
{
    /// <summary>For classification, the value that counts as the positive class (for example <c>"Yes"</c>).</summary>
    public string? Positive { get; set; }

    /// <summary>For regression, a transform the model is trained on (for example <see cref="TargetTransform.Log"/> for
    /// prices); predictions, metrics, intervals and monitoring stay in the target's own units.</summary>
    public TargetTransform Transform { get; set; }
}

/// <summary>
/// A protected attribute (for example gender or age): never a feature (ML0102), always a fairness slice.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ProtectedAttribute : Attribute
{
}

/// <summary>The key of the entity a row describes; temporal features are computed per entity.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class EntityKeyAttribute : Attribute
{
}

/// <summary>When the row's event happened; temporal features use only events at or before it.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class EventTimeAttribute : Attribute
{
}
