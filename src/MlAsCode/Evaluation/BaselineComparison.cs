namespace MlAsCode.Evaluation;

/// <summary>How the model compares with the baseline on the holdout.</summary>
/// <param name="Baseline">What the baseline is.</param>
/// <param name="BaselineScore">The baseline's primary metric on the same holdout (with an interval when it was
/// computed from predictions; a measured baseline has none).</param>
/// <param name="Improvement">Model minus baseline, signed so that positive is better, with its paired interval.</param>
public sealed record BaselineComparison(string Baseline, Interval BaselineScore, Interval Improvement);
