using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using MlAsCode.Analyzers.Common;
using MlAsCode.Declarations;
using MlAsCode.Common;

namespace MlAsCode.Analyzers.Experiments;

/// <summary>
/// Checks <c>[Experiment]</c> declarations against the methodology's Phase 3: no deep learning on small data (ML0301),
/// hyperparameters within their typical ranges (ML0302), a baseline to compare with (ML0303), a seed (ML0304), and the
/// EXP-YYYY-MM-DD-NNN id (ML0305); the declaration must be partial (ML0007) for the runner to be generated.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class ExperimentAnalyzer : DiagnosticAnalyzer
{
    private const int SmallData = 10_000;
    private static readonly Regex IdPattern = new(@"^EXP-(\d{4})-(\d{2})-(\d{2})-(\d{3})$", RegexOptions.CultureInvariant);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        DiagnosticDescriptors.DeepLearningOnSmallData,
        DiagnosticDescriptors.HyperparameterOutOfRange,
        DiagnosticDescriptors.ExperimentWithoutBaseline,
        DiagnosticDescriptors.ExperimentWithoutSeed,
        DiagnosticDescriptors.ExperimentIdFormat,
        DiagnosticDescriptors.SearchSpaceInvalid,
        DiagnosticDescriptors.NotPartial,
        DiagnosticDescriptors.ProbabilitiesWithoutCalibrationCheck,
        DiagnosticDescriptors.ProtectedWithoutFairnessSlice,
        DiagnosticDescriptors.RandomSplitOfTimeOrderedData,
    ];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var experiment = start.Compilation.GetTypeByMetadataName(AttributeNames.Experiment);
            if (experiment is null)
            {
                return;
            }

            var sources = new SourceFiles(start.Options.AdditionalFiles);
            start.RegisterSyntaxTreeAction(DeclarationScan.For(start.Compilation, experiment, (type, sink) => Analyze(type, sink, experiment, sources)));
        });
    }

    private static void Analyze(INamedTypeSymbol type, DiagnosticSink context, INamedTypeSymbol experimentAttribute, SourceFiles sources)
    {
        var data = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, experimentAttribute));
        if (data is null)
        {
            return;
        }

        // The values through the one declaration reader; the written arguments (AttributeArguments) for locations only.
        var args = AttributeArguments.Read(data, context.CancellationToken);
        var declaration = Declaration(type, data);
        var id = data.ConstructorArguments.Length == 1 ? data.ConstructorArguments[0].Value as string : null;
        var name = id ?? type.Name;
        if (id is not null && !IsValidId(id))
        {
            context.Report(DiagnosticDescriptors.ExperimentIdFormat, args.LocationOfConstructorArgument(0), id);
        }

        if (declaration.Seed is null)
        {
            context.Report(DiagnosticDescriptors.ExperimentWithoutSeed, args.NameLocation, name);
        }

        var problem = args.Named("Problem")?.Value as INamedTypeSymbol;
        if (problem is null)
        {
            context.Report(DiagnosticDescriptors.ExperimentWithoutBaseline, args.NameLocation, name, "names no Problem");
        }
        else if (!problem.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Baseline))
        {
            context.Report(DiagnosticDescriptors.ExperimentWithoutBaseline, args.LocationOf("Problem"), name,
                $"uses problem '{problem.Name}', which declares no [Baseline]");
        }

        var family = declaration.Model;
        if (family == ModelFamily.Mlp && args.Named("Features")?.Value is INamedTypeSymbol features
            && features.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeNames.FeatureSet) is { } featureSet
            && featureSet.NamedArguments.FirstOrDefault(a => a.Key == "Source").Value.Value is string source
            && sources.Find(source, context.CancellationToken) is { } csv && csv.Rows < SmallData)
        {
            context.Report(DiagnosticDescriptors.DeepLearningOnSmallData, args.LocationOf("Model"), name, source, csv.Rows);
        }

        foreach (var attribute in type.GetAttributes())
        {
            var kind = attribute.AttributeClass?.ToDisplayString();
            if (kind is not (AttributeNames.SearchSpace or AttributeNames.Hyperparameter)
                || attribute.ConstructorArguments.Length < 2 || attribute.ConstructorArguments[0].Value is not string parameter
                || HyperparameterRanges.Of(family, parameter) is not { } range)
            {
                continue;
            }

            var (low, high, written) = kind == AttributeNames.SearchSpace
                ? attribute.ConstructorArguments.Length == 3 && attribute.ConstructorArguments[1].Value is double a && attribute.ConstructorArguments[2].Value is double b
                    ? (a, b, $"the search range [{Format(a)}, {Format(b)}] of {parameter}")
                    : (double.NaN, double.NaN, "")
                : attribute.ConstructorArguments[1].Value is double v ? (v, v, $"{parameter} = {Format(v)}") : (double.NaN, double.NaN, "");
            if (written.Length > 0 && (low < range.Low || high > range.High))
            {
                var location = AttributeArguments.Read(attribute, context.CancellationToken).NameLocation;
                context.Report(DiagnosticDescriptors.HyperparameterOutOfRange, location,
                    char.ToUpperInvariant(written[0]) + written.Substring(1), family.ToString(), $"{Format(range.Low)}–{Format(range.High)}");
            }
        }

        CheckSplit(context, name, args, declaration);
        CheckSearchSpace(context, type, name, declaration);
        if (problem is not null)
        {
            CheckEvaluation(context, name, args, declaration, problem);
        }

        if (!PartialDeclarations.AllPartial(type, context.CancellationToken))
        {
            var identifier = args.Syntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>()?.Identifier.GetLocation() ?? type.Locations.FirstOrDefault();
            context.Report(DiagnosticDescriptors.NotPartial, identifier, type.Name);
        }
    }

    // ML0204 on the declaration: rows with an [EventTime] carved at random (Random, Stratified or Group split) put
    // events later than the holdout's into training; only the temporal split keeps the future out.
    private static void CheckSplit(DiagnosticSink context, string name, AttributeArguments experiment, ExperimentDeclaration declaration)
    {
        var split = declaration.Split ?? SplitStrategy.Random;
        if (split == SplitStrategy.Temporal || experiment.Named("Features")?.Value is not INamedTypeSymbol features
            || !features.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.FeatureSet))
        {
            return;
        }

        var eventTime = features.GetMembers().OfType<IPropertySymbol>()
            .FirstOrDefault(p => p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.EventTime));
        if (eventTime is null)
        {
            return;
        }

        var how = split.ToString();
        context.Report(DiagnosticDescriptors.RandomSplitOfTimeOrderedData, experiment.LocationOf("Split") ?? experiment.NameLocation,
            $"Experiment '{name}' splits {features.Name} with SplitStrategy.{how}, but its rows are time-ordered ([EventTime] {eventTime.Name}): the holdout would be scored by a model trained on later events. Use Split = SplitStrategy.Temporal with CrossValidation = CrossValidationStrategy.TimeSeries");
    }

    // ML0401 and ML0402: what the run's evaluation can check, given the problem and the feature set.
    private static void CheckEvaluation(DiagnosticSink context, string name, AttributeArguments experiment, ExperimentDeclaration declaration, INamedTypeSymbol problem)
    {
        if (ProblemDeclarations.Of(problem) is not { } brief)
        {
            return;
        }

        var binary = brief.Task == MlTask.BinaryClassification;
        // Api, Email and AutomatedAction act on each prediction's value; a dashboard ranks, and an unknown consumer is ML0003's business.
        var consumerName = brief.Consumer switch
        {
            PredictionConsumer.Api => "an API",
            PredictionConsumer.Email => "email",
            PredictionConsumer.AutomatedAction => "an automated action",
            _ => null,
        };
        if (binary && consumerName is not null && declaration.CheckCalibration == false)
        {
            context.Report(DiagnosticDescriptors.ProbabilitiesWithoutCalibrationCheck, experiment.LocationOf("CheckCalibration"), name, problem.Name, consumerName);
        }

        if (experiment.Named("Features")?.Value is not INamedTypeSymbol features
            || !features.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.FeatureSet))
        {
            return;
        }

        var properties = features.GetMembers().OfType<IPropertySymbol>().Where(p => !p.IsStatic).Select(p => SnakeCase.From(p.Name)).ToImmutableHashSet(StringComparer.Ordinal);
        foreach (var attribute in brief.ProtectedAttributes)
        {
            if (!properties.Contains(SnakeCase.From(attribute!)))
            {
                context.Report(DiagnosticDescriptors.ProtectedWithoutFairnessSlice, experiment.LocationOf("Features"), problem.Name, attribute, features.Name, name);
            }
        }
    }

    // What the runtime would refuse when the experiment's settings are built or its runner created.
    private static void CheckSearchSpace(DiagnosticSink context, INamedTypeSymbol type, string name, ExperimentDeclaration declaration)
    {
        var searched = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        var fixedNames = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        var tuned = declaration.Tuning is { Strategy: not TuningStrategy.Manual };
        Location? firstSpace = null;
        foreach (var attribute in type.GetAttributes())
        {
            var kind = attribute.AttributeClass?.ToDisplayString();
            var args = attribute.ConstructorArguments;
            var location = AttributeArguments.Read(attribute, context.CancellationToken).NameLocation;
            void Report(string problem) => context.Report(DiagnosticDescriptors.SearchSpaceInvalid, location, name, problem);
            if (kind is not (AttributeNames.SearchSpace or AttributeNames.Hyperparameter) || args.Length < 1 || args[0].Value is not string parameter)
            {
                continue;
            }

            if (kind == AttributeNames.Hyperparameter)
            {
                if (!fixedNames.Add(parameter))
                {
                    Report($"hyperparameter '{parameter}' is fixed twice");
                }

                continue;
            }

            firstSpace ??= location;
            if (!searched.Add(parameter))
            {
                Report($"'{parameter}' has two search ranges");
            }

            var space = SearchParameterDeclaration.Read(AttributeViews.From(attribute));
            if (space is { Choices: { } choices })
            {
                if (choices.Count == 0 || choices.Distinct(StringComparer.Ordinal).Count() != choices.Count)
                {
                    Report($"the choices of '{parameter}' must be at least one value, each once");
                }
            }
            else if (space is { Low: var low, High: var high, Log: var log } && args.Length == 3)
            {
                if (!(low < high))
                {
                    Report($"the range of '{parameter}' runs from {Format(low)} to {Format(high)}; the low end must be below the high end");
                }
                else if (log && low <= 0)
                {
                    Report($"'{parameter}' is searched on a log scale from {Format(low)}; a log scale needs a positive low end");
                }
            }
        }

        foreach (var both in searched.Intersect(fixedNames))
        {
            context.Report(DiagnosticDescriptors.SearchSpaceInvalid, firstSpace, name, $"'{both}' is both searched and fixed; keep one");
        }

        if (searched.Count > 0 && !tuned)
        {
            context.Report(DiagnosticDescriptors.SearchSpaceInvalid, firstSpace, name,
                "it declares a search space but no [Tuning] with a search strategy, so the space would be ignored; add [Tuning(TuningStrategy.Bayesian)] (or Random, Grid)");
        }
    }

    // The experiment as the runtime will read it (ExperimentSettings.Declared), from the attributes on its class.
    private static ExperimentDeclaration Declaration(INamedTypeSymbol type, AttributeData experiment)
    {
        var attributes = type.GetAttributes();
        System.Collections.Generic.IEnumerable<AttributeView> All(string name) =>
            attributes.Where(a => a.AttributeClass?.ToDisplayString() == name).Select(AttributeViews.From);
        return ExperimentDeclaration.Read(AttributeViews.From(experiment), All(AttributeNames.Tuning).FirstOrDefault(),
            All(AttributeNames.SearchSpace), All(AttributeNames.Hyperparameter), All(AttributeNames.VerdictOverride));
    }

    internal static bool IsValidId(string id)
    {
        var match = IdPattern.Match(id);
        return match.Success && DateTime.TryParseExact($"{match.Groups[1].Value}-{match.Groups[2].Value}-{match.Groups[3].Value}", "yyyy-MM-dd",
            CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && match.Groups[4].Value != "000";
    }

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
