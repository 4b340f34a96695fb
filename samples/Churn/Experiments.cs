using MlAsCode;

namespace Churn;

/// <summary>LightGBM, tuned with Bayesian optimization on 5-fold cross-validation of the training part.</summary>
[Experiment("EXP-2026-11-26-001", Problem = typeof(ChurnProblem), Features = typeof(Customer),
    Hypothesis = "Gradient-boosted trees on contract, tenure and charges lift PR-AUC by more than 0.05 over the 0.41 baseline",
    Model = ModelFamily.LightGbm, Split = SplitStrategy.Stratified, CrossValidation = CrossValidationStrategy.StratifiedKFold,
    Folds = 5, Seed = 42, Margin = 0.05,
    Segments = new[] { nameof(Customer.Contract), nameof(Customer.InternetService) })]
[SearchSpace("learning_rate", 0.01, 0.3, Scale = Scale.Log)]
[SearchSpace("num_leaves", 15, 63)]
[SearchSpace("min_data_in_leaf", 10, 100)]
[Hyperparameter("num_iterations", 150)]
[Tuning(TuningStrategy.Bayesian, Trials = 20)]
// The fairness checks do not pass, and the team accepts that with its reasons on record (report, model card, registry):
[VerdictOverride("fairness:senior_citizen",
    "Seniors churn at about 43% against 23% on the holdout: selecting them more often for a retention offer is the intended benefit, so selection-rate parity (disparate impact) is the wrong test here; the true-positive-rate gap (inconclusive) and the model's under-prediction of seniors are re-checked at every retraining")]
[VerdictOverride("fairness:female",
    "Inconclusive, not failed: on 1,404 holdout customers every point estimate is within its limit (disparate impact 0.96, TPR gap 0.08, FPR gap 0.004) but the intervals reach past them; re-checked at every retraining")]
public partial class BoostedTreesExperiment;

/// <summary>Logistic regression with fixed settings: the simple model to beat.</summary>
[Experiment("EXP-2026-11-26-002", Problem = typeof(ChurnProblem), Features = typeof(Customer),
    Hypothesis = "A linear model on the same features already lifts PR-AUC by more than 0.05 over the baseline",
    Model = ModelFamily.Linear, Split = SplitStrategy.Stratified, Seed = 42, Margin = 0.05,
    Segments = new[] { nameof(Customer.Contract), nameof(Customer.InternetService) })]
[Hyperparameter("optimizer", "lbfgs")]
[Hyperparameter("l2_regularization", 0.01)]
[Tuning(TuningStrategy.Manual)]
public partial class LogisticExperiment;

/// <summary>A TorchSharp MLP (CUDA when available, CPU otherwise) on the same features and holdout.</summary>
/// <remarks>
/// ML0301 warns that 7,043 rows are few for deep learning, and the methodology's model selection guide agrees: tabular data
/// this small favours boosted trees. The sample keeps the MLP to show the comparison on the same holdout, so the
/// warning is acknowledged here rather than switched off for the project.
/// </remarks>
#pragma warning disable ML0301 // Deep learning on fewer than 10,000 rows: kept on purpose, see above.
[Experiment("EXP-2026-11-26-003", Problem = typeof(ChurnProblem), Features = typeof(Customer),
    Hypothesis = "A two-layer MLP on the same features lifts PR-AUC by more than 0.05 over the baseline",
    Model = ModelFamily.Mlp, Split = SplitStrategy.Stratified, CrossValidation = CrossValidationStrategy.StratifiedKFold,
    Folds = 3, Seed = 42, Margin = 0.05,
    Segments = new[] { nameof(Customer.Contract), nameof(Customer.InternetService) })]
#pragma warning restore ML0301
[Hyperparameter("hidden_layers", "64,32")]
[Hyperparameter("dropout", 0.2)]
[Hyperparameter("learning_rate", 0.001)]
[Hyperparameter("batch_size", 64)]
[Hyperparameter("max_epochs", 60)]
[Hyperparameter("patience", 8)]
[Tuning(TuningStrategy.Manual)]
public partial class MlpExperiment;
