namespace MlAsCode.Serving;

/// <summary>Scores feature rows: <see cref="OnnxScorer"/> in production; tests substitute slow or failing ones.</summary>
public interface IRowScorer
{
    /// <summary>Features per row.</summary>
    int Width { get; }

    /// <summary>One score per row of <paramref name="features"/> (row by row, <see cref="Width"/> values each).</summary>
    float[] Score(float[] features, int rows);
}

/// <summary>Makes the scorer of a model file (registered in DI; replace it to test resilience).</summary>
public delegate IRowScorer ScorerFactory(string modelPath, MlTask task, int width);
