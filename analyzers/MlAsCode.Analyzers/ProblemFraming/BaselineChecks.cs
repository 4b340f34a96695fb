using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MlAsCode.Analyzers.Common;
using MlAsCode.Common;
using MlAsCode.Declarations;

namespace MlAsCode.Analyzers.ProblemFraming;

/// <summary>ML0006 (and ML0004 for a measured baseline's metric): is the declared baseline usable?</summary>
internal static class BaselineChecks
{
    public static void Check(DiagnosticSink context, INamedTypeSymbol type, ProblemDeclaration problem, BaselineDeclaration declared, AttributeArguments baseline)
    {
        var task = problem.Task;
        var rules = declared.RulesMethod;
        var value = declared.Value;
        var kind = declared.ResolvedKind;

        string? problemText = null;
        var location = baseline.NameLocation;
        switch (kind)
        {
            case BaselineKind.Unspecified:
                problemText = "give a kind the runtime computes (BaselineKind.MajorityClass, MeanPrediction, MedianPrediction), a RulesMethod, or a measured Value with its Metric";
                break;
            case BaselineKind.Measured when value is null:
                problemText = "a measured baseline needs its Value";
                break;
            case BaselineKind.Measured when declared.Metric == Metric.Unspecified:
                problemText = "a measured Value needs the Metric it was measured with";
                location = baseline.LocationOf("Value");
                break;
            case BaselineKind.Rules when string.IsNullOrWhiteSpace(rules):
                problemText = "a rules baseline needs RulesMethod = nameof(YourRulesMethod)";
                break;
            case BaselineKind.Rules when !type.GetMembers(rules!).OfType<IMethodSymbol>().Any(m => m.IsStatic):
                problemText = $"'{type.Name}' has no static method '{rules}' to use as the rules baseline";
                location = baseline.LocationOf("RulesMethod");
                break;
            case BaselineKind.Rules when RulesSignature(type.GetMembers(rules!).OfType<IMethodSymbol>().Where(m => m.IsStatic).ToList(), task) is { } signature:
                problemText = signature;
                location = baseline.LocationOf("RulesMethod");
                break;
            case BaselineKind.GroupMedian or BaselineKind.GroupMean when string.IsNullOrWhiteSpace(declared.GroupBy):
                problemText = $"a {kind} baseline needs GroupBy = nameof(YourRow.Column), the property it groups the target by";
                break;
            case BaselineKind.GroupMedian or BaselineKind.GroupMean when task is not (MlTask.Unspecified or MlTask.Regression):
                problemText = $"a {kind} baseline does not fit {task}";
                break;
            case BaselineKind.MajorityClass when task is not (MlTask.Unspecified or MlTask.BinaryClassification or MlTask.MulticlassClassification):
            case BaselineKind.MeanPrediction or BaselineKind.MedianPrediction when task is not (MlTask.Unspecified or MlTask.Regression):
                problemText = $"a {kind} baseline does not fit {task}";
                break;
        }

        if (problemText is not null)
        {
            context.Report(DiagnosticDescriptors.BaselineNotComparable, location, type.Name, problemText);
        }

        ProblemBriefAnalyzer.CheckMetric(context, declared.Metric, baseline.LocationOf(ProblemDeclaration.Names.Metric), problem);
    }

    // The experiment runner scores the rules on each holdout row: the method must take one row of a [FeatureSet] and
    // return a score (or a class for multiclass). Null when one overload fits, or for tasks the runner does not score
    // (anomaly detection fits its own baselines); otherwise what is wrong with the first overload.
    private static string? RulesSignature(System.Collections.Generic.List<IMethodSymbol> methods, MlTask task)
    {
        if (task is not (MlTask.BinaryClassification or MlTask.MulticlassClassification or MlTask.Regression) || methods.Count == 0)
        {
            return null;
        }

        bool IsRow(ITypeSymbol t) => t.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.FeatureSet);
        bool Returns(ITypeSymbol t) => task switch
        {
            MlTask.MulticlassClassification => t.SpecialType == SpecialType.System_String,
            _ => t.SpecialType is SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Boolean,
        };

        if (methods.Any(m => m.Parameters.Length == 1 && IsRow(m.Parameters[0].Type) && Returns(m.ReturnType)))
        {
            return null;
        }

        var method = methods[0];
        var shape = $"{method.Name}({string.Join(", ", method.Parameters.Select(p => $"{p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)} {p.Name}"))})";
        var result = task == MlTask.MulticlassClassification ? "a class (string)" : "a score (double, float or bool)";
        var column = method.Parameters.FirstOrDefault(p => !IsRow(p.Type));
        return method.Parameters.Length == 1 && column is null
            ? $"the rules method {shape} returns {method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}; it must return {result}"
            : $"the rules method {shape} must take one row of the [FeatureSet] (e.g. {method.Name}(Customer c)) and return {result}"
                + (column is not null ? $"; parameter '{column.Name}' names a column, not a row, so the run cannot score it on the holdout" : "");
    }
}
