using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlAsCode.Features;

namespace MlAsCode.Training.MlNet;

/// <summary>
/// Gives ML.NET the output of a fitted feature pipeline as an <see cref="IDataView"/> with a <c>Features</c> vector
/// column (and a <c>Label</c> column when labels are given), so any ML.NET trainer can consume MlAsCode features.
/// </summary>
public static class MlNetDataViews
{
    /// <summary>The features as a data view with one <c>Features</c> column of <c>Single</c> vectors.</summary>
    public static IDataView ToDataView(this FeatureMatrix matrix, MLContext ml)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(ml);
        return ml.Data.LoadFromEnumerable(Rows(matrix, r => new FeatureRow { Features = r }), Schema<FeatureRow>(matrix));
    }

    /// <summary>Features with a boolean <c>Label</c> (binary classification).</summary>
    /// <exception cref="ArgumentException">The label count differs from the row count.</exception>
    public static IDataView ToDataView(this FeatureMatrix matrix, MLContext ml, IReadOnlyList<bool> labels)
    {
        Check(matrix, labels.Count);
        return ml.Data.LoadFromEnumerable(Rows(matrix, (r, i) => new BinaryRow { Features = r, Label = labels[i] }), Schema<BinaryRow>(matrix));
    }

    /// <summary>Features with a numeric <c>Label</c> (regression).</summary>
    /// <exception cref="ArgumentException">The label count differs from the row count.</exception>
    public static IDataView ToDataView(this FeatureMatrix matrix, MLContext ml, IReadOnlyList<float> labels)
    {
        Check(matrix, labels.Count);
        return ml.Data.LoadFromEnumerable(Rows(matrix, (r, i) => new RegressionRow { Features = r, Label = labels[i] }), Schema<RegressionRow>(matrix));
    }

    /// <summary>Features with a text <c>Label</c> (multiclass; map it to a key before training).</summary>
    /// <exception cref="ArgumentException">The label count differs from the row count.</exception>
    public static IDataView ToDataView(this FeatureMatrix matrix, MLContext ml, IReadOnlyList<string> labels)
    {
        Check(matrix, labels.Count);
        return ml.Data.LoadFromEnumerable(Rows(matrix, (r, i) => new ClassRow { Features = r, Label = labels[i] }), Schema<ClassRow>(matrix));
    }

    private static void Check(FeatureMatrix matrix, int labels)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (labels != matrix.Rows)
        {
            throw new ArgumentException($"{labels} labels for {matrix.Rows} feature rows; give one label per row.", nameof(labels));
        }
    }

    private static IEnumerable<T> Rows<T>(FeatureMatrix matrix, Func<float[], T> create) => Rows(matrix, (r, _) => create(r));

    private static IEnumerable<T> Rows<T>(FeatureMatrix matrix, Func<float[], int, T> create) =>
        Enumerable.Range(0, matrix.Rows).Select(i => create(matrix.Row(i).ToArray(), i));

    private static SchemaDefinition Schema<T>(FeatureMatrix matrix)
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, matrix.Columns);
        return schema;
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class BinaryRow
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class ClassRow
    {
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }

    private sealed class RegressionRow
    {
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}
