using System.Collections.Generic;
using MlAsCode.Features;
using MlAsCode.Monitoring;

namespace MlAsCode.Serving;

/// <summary>Builds the reference profile a <c>[Monitor]</c> compares served requests with, from an exported model.</summary>
/// <remarks>An experiment run writes <c>reference_profile.json</c> itself (<see cref="ReferenceProfile.ForTraining{TRow}"/>);
/// this is for a model trained elsewhere, scored here through ONNX Runtime as it is served.</remarks>
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
        return ReferenceProfile.ForTraining(features, rows, [.. System.Linq.Enumerable.Select(predictions, p => (double)p)], task, seed);
    }
}
