using System.Collections.Generic;
using MlAsCode.Features;
using MlAsCode.Monitoring;

namespace MlAsCode.Serving;

/// <summary>Builds the reference profile a <c>[Monitor]</c> compares served requests with.</summary>
public static class ReferenceProfiles
{
    /// <summary>The profile of <paramref name="rows"/> (the training rows): each request field's values as the service
    /// reads them, and the model's predictions on them (scored through ONNX Runtime with the fitted pipeline, as served).</summary>
    public static ReferenceProfile Create<TRow>(FeatureSetDefinition<TRow> features, IReadOnlyList<TRow> rows, MlTask task, string modelPath, string pipelinePath, int seed = 42)
    {
        var pipeline = features.LoadFile(pipelinePath);
        using var scorer = new OnnxScorer(modelPath, task, pipeline.Width);
        var matrix = pipeline.TransformBatch(rows);
        var predictions = scorer.Score(matrix.Values, rows.Count);
        var profile = ReferenceProfile.Create(new RowReader<TRow>(features).ValuesOf(rows), [.. System.Linq.Enumerable.Select(predictions, p => (double)p)], seed);
        if (task != MlTask.BinaryClassification || features.Target is not { } target)
        {
            return profile;
        }

        // The label shares, for the label drift test on posted outcomes.
        long positives = 0;
        foreach (var row in rows)
        {
            positives += target.Value(row) > 0.5 ? 1 : 0;
        }

        return profile with { LabelCounts = System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(System.StringComparer.Ordinal,
            [new KeyValuePair<string, long>("0", rows.Count - positives), new KeyValuePair<string, long>("1", positives)]) };
    }
}
