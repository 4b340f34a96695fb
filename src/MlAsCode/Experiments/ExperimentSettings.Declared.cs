using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using MlAsCode.Declarations;
using MlAsCode.Evaluation;
using MlAsCode.Experiments.Tuning;

namespace MlAsCode.Experiments;

public sealed partial record ExperimentSettings
{
    /// <summary>
    /// The settings declared on <paramref name="experimentType"/> by <see cref="ExperimentAttribute"/> and the
    /// <see cref="TuningAttribute"/>, <see cref="SearchSpaceAttribute"/>, <see cref="HyperparameterAttribute"/> and
    /// <see cref="VerdictOverrideAttribute"/> beside it, read from its attributes (the generated <c>Settings</c> calls
    /// this once). What was not written keeps this type's default.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="experimentType"/> has no <see cref="ExperimentAttribute"/>.</exception>
    public static ExperimentSettings Declared(Type experimentType)
    {
        ArgumentNullException.ThrowIfNull(experimentType);
        var attributes = CustomAttributeViews.Of(experimentType);
        IEnumerable<AttributeView> Of<TAttribute>() => attributes[typeof(TAttribute).FullName!];
        var experiment = Of<ExperimentAttribute>().FirstOrDefault()
            ?? throw new ArgumentException($"{experimentType.FullName} declares no [Experiment].", nameof(experimentType));
        return From(ExperimentDeclaration.Read(experiment, Of<TuningAttribute>().FirstOrDefault(), Of<SearchSpaceAttribute>(),
            Of<HyperparameterAttribute>(), Of<VerdictOverrideAttribute>()));
    }

    // The declaration over this type's defaults: each written setting replaces its default.
    internal static ExperimentSettings From(ExperimentDeclaration d)
    {
        var s = new ExperimentSettings { Id = d.Id };
        s = d.Hypothesis is { } hypothesis ? s with { Hypothesis = hypothesis } : s;
        s = d.Split is { } split ? s with { Split = split } : s;
        s = d.CrossValidation is { } cv ? s with { CrossValidation = cv } : s;
        s = d.TestFraction is { } fraction ? s with { TestFraction = fraction } : s;
        s = d.Folds is { } folds ? s with { Folds = folds } : s;
        s = d.Seed is { } seed ? s with { Seed = seed } : s;
        s = d.Margin is { } margin ? s with { Margin = margin } : s;
        s = d.QualityGate is { } gate ? s with { QualityGate = gate } : s;
        s = d.Segments.Count > 0 ? s with { Segments = [.. d.Segments] } : s;
        s = d.DisparateImpactLimit is { } limit ? s with { Fairness = new FairnessOptions { DisparateImpactLimit = limit } } : s;
        s = d.CalibrationLimit is { } ece ? s with { CalibrationLimit = ece } : s;
        s = d.CheckCalibration is { } check ? s with { CheckCalibration = check } : s;
        s = d.Threshold is { } threshold ? s with { Threshold = threshold } : s;
        s = d.ComputePricePerHour is { } price ? s with { ComputePricePerHour = price } : s;
        s = d.HoldoutReuseWarning is { } reuse ? s with { HoldoutReuseWarning = reuse } : s;
        if (d.Tuning is { } tuning)
        {
            s = s with { Tuning = tuning.Strategy };
            s = tuning.Trials is { } trials ? s with { Trials = trials } : s;
            s = tuning.GridPoints is { } points ? s with { GridPoints = points } : s;
        }

        return s with
        {
            SearchSpace = [.. d.SearchSpace.Select(p => p.Choices is { } choices ? SearchParameter.Choice(p.Name, [.. choices])
                : p.Whole ? SearchParameter.Integer(p.Name, (int)p.Low, (int)p.High, p.Log)
                : SearchParameter.Real(p.Name, p.Low, p.High, p.Log))],
            Fixed = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, d.Fixed.Select(h => new KeyValuePair<string, object>(h.Name, h.Value))),
            Overrides = [.. d.Overrides.Select(o => new VerdictOverride(o.Check, o.Reason))],
        };
    }
}
