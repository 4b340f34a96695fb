namespace MlAsCode.Serving;

/// <summary>Scores feature rows: <see cref="OnnxScorer"/> in production; tests substitute slow or failing ones.</summary>
public interface IRowScorer
{
    /// <summary>Features per row.</summary>
    int Width { get; }

    /// <summary>One score per row of <paramref name="features"/> (row by row, <see cref="Width"/> values each).</summary>
    float[] Score(float[] features, int rows);

    /// <summary>Whether a single row may be scored on the request's own thread while the model is fast (see
    /// <see cref="ServingOptions.InlineScoring"/>): true for in-process native models whose calls take microseconds.
    /// Scorers that may block (remote calls, test doubles) leave it false and always run on the scoring threads.</summary>
    bool RunsInline => false;

    /// <summary>The decision threshold the model was evaluated at, when its file says (an experiment writes it into the
    /// ONNX metadata); null otherwise.</summary>
    double? DeclaredThreshold => null;
}

/// <summary>Makes the scorer of a model file (registered in DI; replace it to test resilience).</summary>
public delegate IRowScorer ScorerFactory(string modelPath, MlTask task, int width);
