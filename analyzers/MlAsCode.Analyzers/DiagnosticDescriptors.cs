using Microsoft.CodeAnalysis;

namespace MlAsCode.Analyzers;

/// <summary>Every MlAsCode diagnostic. Ids are a public contract: never renumber, only add.</summary>
internal static class DiagnosticDescriptors
{
    public const string HelpLinkBase = "https://github.com/MlAsCode/MlAsCode/blob/main/docs/rules/";
    private const string Framing = "MlAsCode.Framing";

    public static readonly DiagnosticDescriptor NoKillCriteria = Create(
        "ML0001", Framing, "Problem brief has no kill criteria",
        "Problem brief '{0}' declares no kill criteria: add [KillCriterion] for when to abandon the ML approach",
        "Without kill criteria an ML project never stops, however poorly it does. Declare when to abandon it.");

    public static readonly DiagnosticDescriptor NoBaseline = Create(
        "ML0002", Framing, "Problem brief has no baseline",
        "Problem brief '{0}' declares no baseline: add [Baseline] so every model is compared with what exists without ML",
        "A model that is not compared with a simple baseline may add cost and risk for no gain.");

    public static readonly DiagnosticDescriptor EmptyBriefField = Create(
        "ML0003", Framing, "Problem brief field is empty",
        "Problem brief '{0}' has no {1}",
        "The business objective, success metric, prediction target and task type define what the model is for; each must be stated.");

    public static readonly DiagnosticDescriptor MetricUnfitForTask = Create(
        "ML0004", Framing, "Metric does not fit the task",
        "{0}",
        "A metric that does not fit the task rewards the wrong model (for example accuracy on a rare positive class).");

    public static readonly DiagnosticDescriptor ProtectedWithoutEthics = Create(
        "ML0005", Framing, "Protected attributes without ethical considerations",
        "Problem brief '{0}' declares protected attributes ({1}) but no ethical considerations",
        "A problem that touches protected attributes must say which bias, fairness and privacy risks it has.");

    public static readonly DiagnosticDescriptor BaselineNotComparable = Create(
        "ML0006", Framing, "Baseline cannot be computed or compared",
        "Baseline of '{0}' cannot be computed or compared: {1}",
        "A baseline is only useful when the runtime can compute it or compare a model with its measured value.");

    public static readonly DiagnosticDescriptor NotPartial = Create(
        "ML0007", Framing, "MlAsCode declaration must be partial",
        "'{0}' must be partial, as must every type containing it, for MlAsCode to generate its members",
        "The source generator adds members such as Brief and Rubric to the declaring type, which needs the partial modifier.");

    public static readonly DiagnosticDescriptor KillCriterionUnchecked = Create(
        "ML0008", Framing, "Kill criterion no run can check",
        "Kill criterion '{0}' {1}",
        "A kill criterion in words is a promise nobody checks: with When and Threshold every experiment run measures it on the holdout and says whether it fired.",
        DiagnosticSeverity.Info);

    private const string Features = "MlAsCode.Features";

    public static readonly DiagnosticDescriptor FeatureFromTarget = Create(
        "ML0101", Features, "Feature derived from the target",
        "Feature '{0}' is computed from the target '{1}'{2}: it will not exist at prediction time and leaks the label",
        "A feature computed from the label makes a model look perfect offline and fail in production.");

    public static readonly DiagnosticDescriptor ProtectedAsFeature = Create(
        "ML0102", Features, "Protected attribute used as a feature",
        "'{0}' is a protected attribute{1} and must not be a feature; keep it for fairness slices only",
        "Protected attributes (gender, age, ...) must never drive a prediction; they are evaluated as fairness slices.");

    public static readonly DiagnosticDescriptor TargetEncodingWithoutFolds = Create(
        "ML0103", Features, "Target encoding without K-fold",
        "Target encoding of '{0}' needs Folds of at least 2 (found {1}): without out-of-fold encoding every training row sees its own label",
        "Target encoding computed on the same rows it encodes leaks each row's label into its feature.");

    public static readonly DiagnosticDescriptor HighCardinalityOneHot = Create(
        "ML0104", Features, "One-hot encoding of a high-cardinality column",
        "One-hot encoding of '{0}' makes {1} columns ({2} has more than {3} levels); use Transform.TargetEncode or Transform.Hash",
        "One column per level explodes the feature space and overfits rare levels; hashing or target encoding scale.");

    public static readonly DiagnosticDescriptor ColumnMissingFromSource = Create(
        "ML0105", Features, "Column missing from the declared source",
        "'{0}' maps to column {1}, which {2} does not have; its header has {3}",
        "A property mapped to a column the source lacks fails at load time; the header of the declared source is checked at build time.");

    public static readonly DiagnosticDescriptor TemporalPastEventTime = Create(
        "ML0106", Features, "Lag or window reaching past the event time",
        "Feature '{0}': {1}",
        "A lag of 0 or less, or a window that does not end at the event time, reads the row itself or later events: information the model will not have when it predicts.");

    public static readonly DiagnosticDescriptor FeatureNameConvention = Create(
        "ML0107", Features, "Feature name breaks the naming convention",
        "Feature name '{0}' does not follow {{entity}}_{{feature_name}}[_{{window}}_{{aggregation}}] in lower snake case for entity '{1}'",
        "Consistent names ({entity}_{feature}_{window}_{aggregation}) make a feature store searchable and prevent two teams computing one feature twice.");

    public static readonly DiagnosticDescriptor TransformUnfitForProperty = new(
        "ML0108", "Feature transform does not fit the property", "Feature '{0}': {1}", Features, DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        "A transform needs a value of a certain kind (numbers, text levels, dates); the pipeline cannot be generated otherwise.",
        helpLinkUri: HelpLinkBase + "ML0108.md");

    private const string Leakage = "MlAsCode.Leakage";

    public static readonly DiagnosticDescriptor PreprocessingLeakage = Create(
        "ML0201", Leakage, "Preprocessing fitted on test rows",
        "{0}",
        "A transform (normalizer, encoder, imputer, feature pipeline) or model fitted on rows that are later scored as test rows has seen the test set: the evaluation is optimistic. Fit on the training part only, then transform the test part.");

    public static readonly DiagnosticDescriptor OverlapLeakage = Create(
        "ML0202", Leakage, "Rows shared by training and test",
        "{0}",
        "Rows repeated before a split (oversampling), or a test set carved from the training rows, put the same rows on both sides: the model is scored on rows it learned.");

    public static readonly DiagnosticDescriptor HoldoutReused = Create(
        "ML0203", Leakage, "Holdout used to choose among candidates",
        "{0}",
        "A holdout that scores several candidates and picks the best becomes training data for the choice: the winner's holdout score is optimistic. Choose on a validation split or by cross-validation and score the holdout once.");

    public static readonly DiagnosticDescriptor RandomSplitOfTimeOrderedData = Create(
        "ML0204", Leakage, "Random split of time-ordered data",
        "{0}",
        "Rows with an event time split at random let the model train on the future of the rows it is tested on; production only ever has the past. Split by time.");

    private const string Experiments = "MlAsCode.Experiments";

    public static readonly DiagnosticDescriptor DeepLearningOnSmallData = Create(
        "ML0301", Experiments, "Deep learning on fewer than 10,000 rows",
        "Experiment '{0}' trains an MLP on {1} ({2:N0} rows): below 10,000 rows start with gradient-boosted trees (ModelFamily.LightGbm)",
        "The methodology's model selection guide: deep learning on fewer than 10,000 tabular samples loses to boosted trees and costs more; use neural nets only past 100,000.");

    public static readonly DiagnosticDescriptor HyperparameterOutOfRange = Create(
        "ML0302", Experiments, "Hyperparameter outside its typical range",
        "{0} for {1} is outside the typical range {2}",
        "Values far outside the typical range for the model usually waste trials or signal a unit mistake (a learning rate of 3 instead of 0.3).");

    public static readonly DiagnosticDescriptor ExperimentWithoutBaseline = Create(
        "ML0303", Experiments, "Experiment without a baseline comparison",
        "Experiment '{0}' {1}: declare a [Baseline] on the problem so the verdict compares the model with it",
        "A model is promoted only if it beats the baseline on the same holdout; without one the verdict has nothing to compare with.");

    public static readonly DiagnosticDescriptor ExperimentWithoutSeed = Create(
        "ML0304", Experiments, "Experiment without a seed",
        "Experiment '{0}' sets no Seed: set one so splits, folds, tuning and training are reproducible",
        "Without a fixed seed two runs of one experiment differ and neither can be reproduced.");

    public static readonly DiagnosticDescriptor ExperimentIdFormat = Create(
        "ML0305", Experiments, "Experiment id is not EXP-YYYY-MM-DD-NNN",
        "Experiment id '{0}' is not EXP-YYYY-MM-DD-NNN with a real date (e.g. EXP-2026-11-26-001)",
        "The methodology's experiment template names every experiment EXP-{date}-{number}, so the tracking store sorts and finds them.");

    public static readonly DiagnosticDescriptor SearchSpaceInvalid = new(
        "ML0306", "Search space cannot be built", "Experiment '{0}': {1}", Experiments, DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        "A search range with its ends reversed, a log scale through zero, an empty or repeated choice, or a parameter declared twice cannot be searched; the experiment would fail when it is loaded.",
        helpLinkUri: HelpLinkBase + "ML0306.md");

    private const string Evaluation = "MlAsCode.Evaluation";

    public static readonly DiagnosticDescriptor ProbabilitiesWithoutCalibrationCheck = Create(
        "ML0401", Evaluation, "Probabilistic output used without a calibration check",
        "Experiment '{0}' switches off the calibration check, but problem '{1}' hands its probabilities to {2}: keep CheckCalibration on so the report shows whether a probability of 0.8 means 80%",
        "A consumer that thresholds or reads a predicted probability acts on its value; a model that ranks well can still be badly calibrated, so the experiment must check calibration (reliability curve and expected calibration error).");

    public static readonly DiagnosticDescriptor ProtectedWithoutFairnessSlice = Create(
        "ML0402", Evaluation, "Protected attribute without a fairness slice",
        "Problem '{0}' declares '{1}' protected, but feature set '{2}' of experiment '{3}' has no such property, so no fairness check can run on it: add it to {2} with [Protected]",
        "Every run evaluates fairness for each protected attribute from the rows' values; an attribute the feature set does not carry cannot be evaluated and would silently go unchecked.");

    private const string Serving = "MlAsCode.Serving";

    public static readonly DiagnosticDescriptor ServedWithoutMonitor = Create(
        "ML0501", Serving, "Served model without monitoring",
        "Served model '{0}' has no [Monitor]: add [Monitor(DriftMethod.Psi, Warning = 0.1, Critical = 0.25)] so input and prediction drift, latency and failures are watched",
        "A model in production degrades silently as its inputs drift; the methodology's monitoring phase requires drift detection with alert thresholds for every served model.");

    public static readonly DiagnosticDescriptor ServedWithoutFallback = Create(
        "ML0502", Serving, "Served model without a fallback",
        "Served model '{0}' {1}: add [Fallback(nameof(Rules))] naming a static method that takes {2} and returns double, so requests get an answer when the model times out, fails or is not loaded",
        "The methodology's serving checklist requires a rules-based fallback for when the model is down; without one, every timeout, model failure and open circuit becomes a 503.");

    public static readonly DiagnosticDescriptor AbTestWithoutGuardrails = Create(
        "ML0503", Serving, "A/B test without guardrails or shorter than a week",
        "A/B test '{0}' {1}",
        "An A/B test needs guardrail metrics that must not degrade (latency, error rate, complaints) and at least 7 days so weekly cycles do not decide it; the methodology's A/B template asks for both before the test starts.");

    public static readonly DiagnosticDescriptor TimeoutBeyondLatencyClass = Create(
        "ML0504", Serving, "Timeout longer than the latency class allows",
        "Served model '{0}' waits up to {1} ms for the model, but problem '{2}' is {3} ({4}): lower TimeoutMs so the fallback answers within the promise",
        "The problem brief's latency class is a promise to the consumer (real-time under 100 ms, near-real-time under 1 s); a model timeout beyond it breaks the promise before the fallback can keep it.");

    public static readonly DiagnosticDescriptor ServeWithoutProblem = Create(
        "ML0505", Serving, "[Serve] names nothing to serve",
        "'{0}' is served but names no problem and is not a [RagPipeline]: write [Serve(typeof(YourProblem))] so endpoints are generated",
        "[Serve] without a problem type serves the class's own [RagPipeline]; on any other class nothing would be generated and the endpoints the declaration promises would silently not exist.");

    public static readonly DiagnosticDescriptor ServedWithoutServingPackage = Create(
        "ML0506", Serving, "[Serve] without the package that serves it",
        "'{0}' is served but the project does not reference {1}: no Add{2}/Map{2} is generated until it does",
        "The endpoints of a served model come from MlAsCode.Serving and those of a served RAG pipeline from MlAsCode.Rag.Serving; without the package the generator writes no registration or mapping, and the service the declaration promises would not exist.");

    private static DiagnosticDescriptor Create(string id, string category, string title, string message, string description,
        DiagnosticSeverity severity = DiagnosticSeverity.Warning) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, description,
            helpLinkUri: HelpLinkBase + id + ".md");
}
