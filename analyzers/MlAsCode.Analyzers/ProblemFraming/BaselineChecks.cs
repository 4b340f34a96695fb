using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MlAsCode.Analyzers.Common;

namespace MlAsCode.Analyzers.ProblemFraming;

/// <summary>ML0006 (and ML0004 for a measured baseline's metric): is the declared baseline usable?</summary>
internal static class BaselineChecks
{
    public static void Check(SymbolAnalysisContext context, INamedTypeSymbol type, MlTask task, AttributeArguments baseline, AttributeArguments problem)
    {
        var declaredKind = baseline.Data.ConstructorArguments.Length == 1 && baseline.Data.ConstructorArguments[0].Type?.TypeKind == TypeKind.Enum
            ? (BaselineKind)(int)baseline.Data.ConstructorArguments[0].Value!
            : (BaselineKind)baseline.Int("Kind");
        var rules = baseline.String("RulesMethod");
        var value = baseline.Double("Value");
        var kind = declaredKind != BaselineKind.Unspecified ? declaredKind
            : !string.IsNullOrWhiteSpace(rules) ? BaselineKind.Rules
            : value is not null ? BaselineKind.Measured
            : BaselineKind.Unspecified;

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
            case BaselineKind.Measured when (Metric)baseline.Int("Metric") == Metric.Unspecified:
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
            case BaselineKind.MajorityClass when task is not (MlTask.Unspecified or MlTask.BinaryClassification or MlTask.MulticlassClassification):
            case BaselineKind.MeanPrediction or BaselineKind.MedianPrediction when task is not (MlTask.Unspecified or MlTask.Regression):
                problemText = $"a {kind} baseline does not fit {task}";
                break;
        }

        if (problemText is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BaselineNotComparable, location, type.Name, problemText));
        }

        ProblemBriefAnalyzer.CheckMetric(context, baseline, task, problem);
    }
}
