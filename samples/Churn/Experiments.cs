using MlAsCode;

namespace Churn;

/// <summary>LightGBM, tuned with Bayesian optimization on 5-fold cross-validation of the training part.</summary>
[Experiment("EXP-2026-11-26-001", Problem = typeof(ChurnProblem), Features = typeof(Customer),
    Hypothesis = "Gradient-boosted trees on contract, tenure and charges lift PR-AUC by more than 0.05 over the 0.41 baseline",
    Model = ModelFamily.LightGbm, Split = SplitStrategy.Stratified, CrossValidation = CrossValidationStrategy.StratifiedKFold,
    Folds = 5, Seed = 42, Margin = 0.05)]
[SearchSpace("learning_rate", 0.01, 0.3, Scale = Scale.Log)]
[SearchSpace("num_leaves", 15, 63)]
[SearchSpace("min_data_in_leaf", 10, 100)]
[Hyperparameter("num_iterations", 150)]
[Tuning(TuningStrategy.Bayesian, Trials = 20)]
public partial class BoostedTreesExperiment;

/// <summary>Logistic regression with fixed settings: the simple model to beat.</summary>
[Experiment("EXP-2026-11-26-002", Problem = typeof(ChurnProblem), Features = typeof(Customer),
    Hypothesis = "A linear model on the same features already lifts PR-AUC by more than 0.05 over the baseline",
    Model = ModelFamily.Linear, Split = SplitStrategy.Stratified, Seed = 42, Margin = 0.05)]
[Hyperparameter("optimizer", "lbfgs")]
[Hyperparameter("l2_regularization", 0.01)]
[Tuning(TuningStrategy.Manual)]
public partial class LogisticExperiment;
