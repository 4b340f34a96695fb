using System;

namespace MlAsCode;

/// <summary>
/// Declares an experiment (the methodology's Phase 3 template) on a <c>partial class</c>: the generator adds
/// <c>RunAsync</c>, which loads the source, applies the data quality gate, dedupes, fingerprints the holdout, fits the
/// features on training rows only, tunes with cross-validation, evaluates once on the holdout against the baseline,
/// decides the verdict and records everything in the tracking store.
/// </summary>
/// <example>
/// <code>
/// [Experiment("EXP-2026-11-26-001", Problem = typeof(ChurnProblem), Features = typeof(Customer),
///     Hypothesis = "Tenure features lift PR-AUC by >2% over the baseline",
///     Model = ModelFamily.LightGbm, Split = SplitStrategy.Stratified, Seed = 42)]
/// [SearchSpace("learning_rate", 0.01, 0.3, Scale = Scale.Log)]
/// [SearchSpace("num_leaves", 15, 255)]
/// [Tuning(TuningStrategy.Bayesian, Trials = 50)]
/// public partial class TenureExperiment;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ExperimentAttribute : Attribute
{
    /// <summary>Declares the experiment.</summary>
    /// <param name="id"><c>EXP-YYYY-MM-DD-NNN</c> (analyzer ML0305 checks the form).</param>
    public ExperimentAttribute(string id) => Id = id;

    /// <summary>The experiment id.</summary>
    public string Id { get; }

    /// <summary>The <c>[MlProblem]</c> class: its task, primary metric and baseline.</summary>
    public Type? Problem { get; set; }

    /// <summary>The <c>[FeatureSet]</c> record: the source, the features and the target.</summary>
    public Type? Features { get; set; }

    /// <summary>What the experiment tests, with the expected effect.</summary>
    public string? Hypothesis { get; set; }

    /// <summary>The model family.</summary>
    public ModelFamily Model { get; set; }

    /// <summary>How the holdout is carved.</summary>
    public SplitStrategy Split { get; set; }

    /// <summary>Share of rows in the holdout.</summary>
    public double TestFraction { get; set; } = 0.2;

    /// <summary>How cross-validation folds are made on the training part.</summary>
    public CrossValidationStrategy CrossValidation { get; set; }

    /// <summary>Number of cross-validation folds used for tuning.</summary>
    public int Folds { get; set; } = 5;

    /// <summary>Seed of every random choice (ML0304 when not set).</summary>
    public int Seed { get; set; }

    /// <summary>The margin by which the model must beat the baseline on the primary metric to be promoted (with
    /// the confidence interval of the difference above zero).</summary>
    public double Margin { get; set; }

    /// <summary>The data quality gate out of 30.</summary>
    public int QualityGate { get; set; } = 18;

    /// <summary>Row properties the holdout performance is broken down by (e.g. <c>new[] { nameof(Customer.Contract) }</c>);
    /// protected attributes are always broken down, by the fairness checks.</summary>
    public string[]? Segments { get; set; }

    /// <summary>The lowest acceptable ratio of selection rates between groups of a protected attribute. The default,
    /// 0.8, is the US employment "four-fifths rule": a screening convention, not a universal test of fairness.</summary>
    public double DisparateImpactLimit { get; set; } = 0.8;

    /// <summary>Expected calibration error (10 uniform bins) above which the run's calibration check fails.</summary>
    public double CalibrationLimit { get; set; } = 0.05;

    /// <summary>Whether the run checks the calibration of its probabilities (binary classification). Switching it off
    /// leaves the check "not run" in the report and the model card, and ML0401 warns when the problem's consumer acts on
    /// the probabilities.</summary>
    public bool CheckCalibration { get; set; } = true;

    /// <summary>The decision threshold (binary classification): a probability at or above it is the positive label.
    /// Evaluation, the fairness checks and the served model's <c>label</c> all use it (it travels in the ONNX model's
    /// metadata).</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>The price of one compute hour (any currency), for the cost per 1,000 predictions a
    /// <c>KillWhen.CostPer1000Above</c> criterion is checked against; NaN when not known.</summary>
    public double ComputePricePerHour { get; set; } = double.NaN;

    /// <summary>From this many evaluations of one holdout (counted in the tracking store, this run included), the
    /// evaluation warns that the holdout is being reused; 0 never warns.</summary>
    public int HoldoutReuseWarning { get; set; } = 5;
}

/// <summary>A hyperparameter's search range: real or whole numbers (whole for parameters that count things, such as
/// <c>num_leaves</c>), or a list of choices.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SearchSpaceAttribute : Attribute
{
    /// <summary>A numeric range.</summary>
    public SearchSpaceAttribute(string name, double low, double high)
    {
        Name = name;
        Low = low;
        High = high;
        Choices = [];
    }

    /// <summary>A set of choices.</summary>
    public SearchSpaceAttribute(string name, params string[] choices)
    {
        Name = name;
        Choices = choices ?? [];
    }

    /// <summary>The hyperparameter.</summary>
    public string Name { get; }

    /// <summary>Smallest value.</summary>
    public double Low { get; }

    /// <summary>Largest value.</summary>
    public double High { get; }

    /// <summary>The choices, for a categorical parameter.</summary>
    public string[] Choices { get; }

    /// <summary>Linear or log scale.</summary>
    public Scale Scale { get; set; }
}

/// <summary>A fixed hyperparameter value (manual tuning, or a value held constant while others are searched).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class HyperparameterAttribute : Attribute
{
    /// <summary>A numeric value.</summary>
    public HyperparameterAttribute(string name, double value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>A text value (e.g. <c>optimizer</c> = <c>lbfgs</c>).</summary>
    public HyperparameterAttribute(string name, string text)
    {
        Name = name;
        Text = text;
    }

    /// <summary>The hyperparameter.</summary>
    public string Name { get; }

    /// <summary>The numeric value.</summary>
    public double Value { get; }

    /// <summary>The text value.</summary>
    public string? Text { get; }
}

/// <summary>How the search space is explored.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TuningAttribute : Attribute
{
    /// <summary>Declares the strategy.</summary>
    public TuningAttribute(TuningStrategy strategy) => Strategy = strategy;

    /// <summary>The strategy.</summary>
    public TuningStrategy Strategy { get; }

    /// <summary>Maximum trials (the methodology: 50–100 for production models with Bayesian optimization).</summary>
    public int Trials { get; set; } = 20;

    /// <summary>Points per numeric parameter in a grid.</summary>
    public int GridPoints { get; set; } = 5;
}
