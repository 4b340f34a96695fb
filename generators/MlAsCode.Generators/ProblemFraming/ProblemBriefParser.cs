using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using MlAsCode.Common;
using MlAsCode.Generators.Common;
using MlAsCode.Generators.Model;

namespace MlAsCode.Generators.ProblemFraming;

/// <summary>Reads an <c>[MlProblem]</c> class and its <c>[Baseline]</c> and <c>[KillCriterion]</c> attributes.</summary>
internal static class ProblemBriefParser
{
    private const string Unspecified = ".Unspecified";

    public static ProblemBriefModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.IsEmpty)
        {
            return null;
        }

        var declaration = TypeDeclarations.Read(type, cancellationToken);
        if (declaration is null)
        {
            return null;
        }

        var problem = context.Attributes[0];
        var name = problem.ConstructorArguments.Length > 0 ? AttributeValues.String(problem.ConstructorArguments[0]) ?? "" : "";
        string? objective = null, success = null, target = null, available = null, gaps = null, ethics = null, roi = null;
        string task = "global::MlAsCode.MlTask" + Unspecified;
        string consumer = "global::MlAsCode.PredictionConsumer" + Unspecified;
        string latency = "global::MlAsCode.LatencyClass" + Unspecified;
        string metric = "global::MlAsCode.Metric" + Unspecified;
        double? positiveRate = null;
        var outliers = false;
        var protectedAttributes = EquatableArray<string>.Empty;

        foreach (var argument in problem.NamedArguments)
        {
            var value = argument.Value;
            switch (argument.Key)
            {
                case "BusinessObjective": objective = AttributeValues.String(value); break;
                case "SuccessMetric": success = AttributeValues.String(value); break;
                case "PredictionTarget": target = AttributeValues.String(value); break;
                case "DataAvailable": available = AttributeValues.String(value); break;
                case "DataGaps": gaps = AttributeValues.String(value); break;
                case "EthicalConsiderations": ethics = AttributeValues.String(value); break;
                case "RoiEstimate": roi = AttributeValues.String(value); break;
                case "Task": task = AttributeValues.EnumExpression(value, task); break;
                case "Consumer": consumer = AttributeValues.EnumExpression(value, consumer); break;
                case "Latency": latency = AttributeValues.EnumExpression(value, latency); break;
                case "Metric": metric = AttributeValues.EnumExpression(value, metric); break;
                case "PositiveRate": positiveRate = AttributeValues.Double(value); break;
                case "OutliersMustNotDominate": outliers = AttributeValues.Bool(value); break;
                case "ProtectedAttributes": protectedAttributes = AttributeValues.Strings(value).ToEquatableArray(); break;
            }
        }

        var attributes = type.GetAttributes();
        var baseline = attributes
            .Where(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Baseline)
            .Select(a => ParseBaseline(a, type))
            .FirstOrDefault();
        var killConditions = attributes
            .Where(a => a.AttributeClass?.ToDisplayString() == AttributeNames.KillCriterion && a.ConstructorArguments.Length == 1)
            .Select(a => (Text: AttributeValues.String(a.ConstructorArguments[0]), Attribute: a))
            .Where(c => !string.IsNullOrWhiteSpace(c.Text))
            .Select(c => KillCondition(c.Text!, c.Attribute))
            .ToList();
        var killCriteria = killConditions.Select(k => k.Text).ToEquatableArray();

        return new ProblemBriefModel(
            declaration, name, objective, success, task, target, consumer, latency, available, gaps, ethics,
            protectedAttributes, metric, positiveRate, roi, outliers, baseline, killCriteria,
            killConditions.Any(k => k.When is not null) ? killConditions.ToEquatableArray() : EquatableArray<KillConditionModel>.Empty);
    }

    private static KillConditionModel KillCondition(string text, AttributeData attribute)
    {
        string? when = null;
        var threshold = double.NaN;
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "When" && named.Value.Value is int kind && kind != 0)
            {
                when = AttributeValues.EnumExpression(named.Value, $"(global::MlAsCode.KillWhen){kind}");
            }
            else if (named.Key == "Threshold" && AttributeValues.Double(named.Value) is { } limit)
            {
                threshold = limit;
            }
        }

        return new KillConditionModel(text, when, threshold);
    }

    /// <summary>
    /// The <c>Func&lt;…&gt;</c> type of the rules method, so the brief can carry a typed delegate to it; <c>null</c>
    /// when the name is not exactly one static, non-generic method returning a value with plain parameters (the
    /// analyzer reports a missing method as ML0006; an overloaded one keeps only its name).
    /// </summary>
    private static string? RulesDelegateType(INamedTypeSymbol type, string? rules)
    {
        if (string.IsNullOrWhiteSpace(rules))
        {
            return null;
        }

        var candidates = type.GetMembers(rules!).OfType<IMethodSymbol>().ToList();
        if (candidates.Count != 1 || candidates[0] is not { IsStatic: true, IsGenericMethod: false, ReturnsVoid: false, ReturnsByRef: false, ReturnsByRefReadonly: false } method
            || method.Parameters.Length > 16
            || method.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams || p.Type.IsRefLikeType)
            || method.ReturnType.IsRefLikeType)
        {
            return null;
        }

        var format = SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);
        var types = method.Parameters.Select(p => p.Type).Append(method.ReturnType).Select(t => t.ToDisplayString(format));
        return "global::System.Func<" + string.Join(", ", types) + ">";
    }

    private static BaselineModel ParseBaseline(AttributeData attribute, INamedTypeSymbol type)
    {
        string? description = null, rules = null, groupBy = null;
        var kind = "global::MlAsCode.BaselineKind" + Unspecified;
        var metric = "global::MlAsCode.Metric" + Unspecified;
        double? value = null;

        if (attribute.ConstructorArguments.Length == 1)
        {
            var argument = attribute.ConstructorArguments[0];
            if (argument.Type?.TypeKind == TypeKind.Enum)
            {
                kind = AttributeValues.EnumExpression(argument, kind);
            }
            else
            {
                description = AttributeValues.String(argument);
            }
        }

        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case "Kind": kind = AttributeValues.EnumExpression(argument.Value, kind); break;
                case "Metric": metric = AttributeValues.EnumExpression(argument.Value, metric); break;
                case "Value": value = AttributeValues.Double(argument.Value); break;
                case "RulesMethod": rules = AttributeValues.String(argument.Value); break;
                case "GroupBy": groupBy = AttributeValues.String(argument.Value); break;
            }
        }

        return new BaselineModel(kind, description, metric, value, rules, RulesDelegateType(type, rules), groupBy);
    }
}
