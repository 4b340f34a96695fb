using System.Collections.Generic;
using System.Linq;

namespace MlAsCode.Declarations;

/// <summary>
/// An experiment as declared by <c>[Experiment]</c> with its <c>[Tuning]</c>, <c>[SearchSpace]</c>,
/// <c>[Hyperparameter]</c> and <c>[VerdictOverride]</c> attributes: the one reading of them, shared by the runtime
/// (<c>ExperimentSettings.Declared</c>, which the generated <c>Settings</c> calls) and the analyzers. A setting that was
/// not written is null, so the runtime's defaults apply to it.
/// </summary>
internal sealed record ExperimentDeclaration(
    string Id,
    string? Hypothesis,
    string? Problem,
    string? Features,
    ModelFamily Model,
    SplitStrategy? Split,
    CrossValidationStrategy? CrossValidation,
    double? TestFraction,
    int? Folds,
    int? Seed,
    double? Margin,
    int? QualityGate,
    IReadOnlyList<string> Segments,
    double? DisparateImpactLimit,
    double? CalibrationLimit,
    bool? CheckCalibration,
    double? Threshold,
    double? ComputePricePerHour,
    int? HoldoutReuseWarning,
    TuningDeclaration? Tuning,
    IReadOnlyList<SearchParameterDeclaration> SearchSpace,
    IReadOnlyList<HyperparameterDeclaration> Fixed,
    IReadOnlyList<VerdictOverrideDeclaration> Overrides)
{
    /// <summary>Hyperparameters that count things: searched and fixed as whole numbers.</summary>
    public static readonly IReadOnlyCollection<string> WholeNumbers = new HashSet<string>
    {
        "num_leaves", "num_iterations", "min_data_in_leaf", "max_iterations", "max_depth", "batch_size", "epochs", "patience", "hidden_units",
    };

    /// <summary>The attributes' property names this reader uses (a test holds them against the attribute types).</summary>
    internal static class Names
    {
        public const string Problem = nameof(Problem);
        public const string Features = nameof(Features);
        public const string Hypothesis = nameof(Hypothesis);
        public const string Model = nameof(Model);
        public const string Split = nameof(Split);
        public const string CrossValidation = nameof(CrossValidation);
        public const string TestFraction = nameof(TestFraction);
        public const string Folds = nameof(Folds);
        public const string Seed = nameof(Seed);
        public const string Margin = nameof(Margin);
        public const string QualityGate = nameof(QualityGate);
        public const string Segments = nameof(Segments);
        public const string DisparateImpactLimit = nameof(DisparateImpactLimit);
        public const string CalibrationLimit = nameof(CalibrationLimit);
        public const string CheckCalibration = nameof(CheckCalibration);
        public const string Threshold = nameof(Threshold);
        public const string ComputePricePerHour = nameof(ComputePricePerHour);
        public const string HoldoutReuseWarning = nameof(HoldoutReuseWarning);
        public const string Trials = nameof(Trials);
        public const string GridPoints = nameof(GridPoints);
        public const string Scale = nameof(Scale);
    }

    /// <summary>Reads the experiment from its attribute and the ones beside it (<paramref name="tuning"/> null when
    /// none is declared).</summary>
    public static ExperimentDeclaration Read(AttributeView experiment, AttributeView? tuning, IEnumerable<AttributeView> searchSpace,
        IEnumerable<AttributeView> hyperparameters, IEnumerable<AttributeView> overrides) => new(
        experiment.Arguments.Count == 1 ? experiment.Arguments[0] as string ?? "" : "",
        experiment.String(Names.Hypothesis),
        experiment.String(Names.Problem),
        experiment.String(Names.Features),
        experiment.Enum(Names.Model, ModelFamily.LightGbm),
        experiment.Has(Names.Split) ? experiment.Enum<SplitStrategy>(Names.Split) : null,
        experiment.Has(Names.CrossValidation) ? experiment.Enum<CrossValidationStrategy>(Names.CrossValidation) : null,
        experiment.Double(Names.TestFraction),
        Whole(experiment.Double(Names.Folds)),
        Whole(experiment.Double(Names.Seed)),
        experiment.Double(Names.Margin),
        Whole(experiment.Double(Names.QualityGate)),
        experiment.Strings(Names.Segments),
        experiment.Double(Names.DisparateImpactLimit),
        experiment.Double(Names.CalibrationLimit),
        experiment.Named(Names.CheckCalibration) as bool?,
        experiment.Double(Names.Threshold),
        experiment.Double(Names.ComputePricePerHour),
        Whole(experiment.Double(Names.HoldoutReuseWarning)),
        tuning is { Arguments.Count: 1 }
            ? new TuningDeclaration(AttributeView.EnumValue<TuningStrategy>(tuning.Arguments[0]), Whole(tuning.Double(Names.Trials)), Whole(tuning.Double(Names.GridPoints)))
            : null,
        [.. searchSpace.Select(SearchParameterDeclaration.Read).Where(p => p is not null).Select(p => p!)],
        [.. hyperparameters.Select(HyperparameterDeclaration.Read).Where(h => h is not null).Select(h => h!)],
        [.. overrides.Where(o => o.Arguments.Count == 2 && o.Arguments[0] is string)
            .Select(o => new VerdictOverrideDeclaration((string)o.Arguments[0]!, o.Arguments[1] as string ?? ""))]);

    private static int? Whole(double? value) => value is { } v ? (int)v : null;
}

/// <summary>A <c>[Tuning]</c>: the strategy, and the trial and grid counts when written.</summary>
internal sealed record TuningDeclaration(TuningStrategy Strategy, int? Trials, int? GridPoints);

/// <summary>A <c>[SearchSpace]</c>: a numeric range (whole for counting hyperparameters, on a log scale when declared)
/// or a list of choices.</summary>
internal sealed record SearchParameterDeclaration(string Name, double Low, double High, bool Log, bool Whole, IReadOnlyList<string>? Choices)
{
    /// <summary>The parameter, or null when it names nothing.</summary>
    public static SearchParameterDeclaration? Read(AttributeView space)
    {
        if (space.Arguments.Count == 0 || space.Arguments[0] is not string name)
        {
            return null;
        }

        // Choices (a null list is no choices, which the analyzer reports); blank entries carry no meaning and are dropped.
        if (space.Arguments.Count == 2 && space.Arguments[1] is IEnumerable<object?> or null)
        {
            var choices = space.Arguments[1] as IEnumerable<object?> ?? [];
            return new SearchParameterDeclaration(name, 0, 0, false, false, [.. choices.OfType<string>().Where(c => c.Trim().Length > 0)]);
        }

        var (low, high) = space.Arguments.Count == 3 ? (AttributeView.Number(space.Arguments[1]) ?? 0, AttributeView.Number(space.Arguments[2]) ?? 0) : (0d, 0d);
        return new SearchParameterDeclaration(name, low, high, space.Enum<Scale>(ExperimentDeclaration.Names.Scale) == Scale.Log,
            ExperimentDeclaration.WholeNumbers.Contains(name), null);
    }
}

/// <summary>A <c>[Hyperparameter]</c> held fixed: a number (whole for counting hyperparameters) or a text.</summary>
internal sealed record HyperparameterDeclaration(string Name, object Value)
{
    public static HyperparameterDeclaration? Read(AttributeView fixedValue) =>
        fixedValue.Arguments.Count == 2 && fixedValue.Arguments[0] is string name
            ? fixedValue.Arguments[1] switch
            {
                string text => new HyperparameterDeclaration(name, text),
                var number when AttributeView.Number(number) is { } d => new HyperparameterDeclaration(name, ExperimentDeclaration.WholeNumbers.Contains(name) ? (object)(int)d : d),
                _ => null,
            }
            : null;
}

/// <summary>A <c>[VerdictOverride]</c>: the check whose failure is accepted, and why.</summary>
internal sealed record VerdictOverrideDeclaration(string Check, string Reason);
