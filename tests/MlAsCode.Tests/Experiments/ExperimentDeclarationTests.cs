using System;
using System.Linq;
using MlAsCode.Declarations;
using MlAsCode.Experiments;
using MlAsCode.Experiments.Tuning;

namespace MlAsCode.Tests.Experiments;

/// <summary>The one reading of an experiment's attributes (the generated Settings reads them at run time).</summary>
public class ExperimentDeclarationTests
{
    // Read, not run: the analyzers would (rightly) ask for a partial class, a problem and a feature set.
#pragma warning disable ML0301, ML0302, ML0303, ML0304, ML0305, ML0306, ML0007
    [Experiment("EXP-2026-12-08-001", Hypothesis = "Depth matters", Model = ModelFamily.FastTree, CrossValidation = CrossValidationStrategy.StratifiedKFold,
        CheckCalibration = false, Threshold = 0.3, HoldoutReuseWarning = 2, QualityGate = 20)]
    [Tuning(TuningStrategy.Grid, GridPoints = 3)]
    [SearchSpace("max_depth", 2, 8)]
    [SearchSpace("objective", "binary", "cross_entropy")]
    [Hyperparameter("learning_rate", 0.05)]
    [Hyperparameter("boosting", "gbdt")]
    [VerdictOverride("fairness:gender", "Reviewed with the ethics board on 2026-12-01")]
    private static class DepthExperiment;
#pragma warning restore ML0301, ML0302, ML0303, ML0304, ML0305, ML0306, ML0007

    private static class NotAnExperiment;

    [Fact]
    public void Written_settings_replace_the_defaults_and_the_rest_keep_them()
    {
        var settings = ExperimentSettings.Declared(typeof(DepthExperiment));

        Assert.Equal(("EXP-2026-12-08-001", "Depth matters", CrossValidationStrategy.StratifiedKFold, false, 0.3, 2, 20),
            (settings.Id, settings.Hypothesis, settings.CrossValidation, settings.CheckCalibration, settings.Threshold, settings.HoldoutReuseWarning, settings.QualityGate));
        // Not written: the runtime's defaults (the attribute's own defaults, e.g. Seed = 0, do not leak in).
        Assert.Equal((42, 5, SplitStrategy.Random, 0.2), (settings.Seed, settings.Folds, settings.Split, settings.TestFraction));
        Assert.Equal((TuningStrategy.Grid, 3, 20), (settings.Tuning, settings.GridPoints, settings.Trials));
        Assert.Equal(new IntegerParameter("max_depth", 2, 8, false), settings.SearchSpace[0]);
        var choice = Assert.IsType<ChoiceParameter>(settings.SearchSpace[1]);
        Assert.Equal(["binary", "cross_entropy"], choice.Choices.ToArray());
        Assert.Equal(0.05, settings.Fixed["learning_rate"]);
        Assert.Equal("gbdt", settings.Fixed["boosting"]);
        Assert.Equal(new VerdictOverride("fairness:gender", "Reviewed with the ethics board on 2026-12-01"), Assert.Single(settings.Overrides));
    }

    [Fact]
    public void A_type_without_an_experiment_is_refused_with_its_name()
    {
        var error = Assert.Throws<ArgumentException>(() => ExperimentSettings.Declared(typeof(NotAnExperiment)));
        Assert.Contains("NotAnExperiment declares no [Experiment]", error.Message, StringComparison.Ordinal);
    }
}
