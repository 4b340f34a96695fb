using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;

namespace MlAsCode.Framing;

/// <summary>The scaffold: the C# file and what it still lacks.</summary>
/// <param name="ClassName">The problem class.</param>
/// <param name="Source">The C# source.</param>
/// <param name="Missing">Brief fields left out (each will be asked for by a diagnostic or the rubric).</param>
/// <param name="Decision">The ML-vs-rules decision, when questions were answered.</param>
public sealed record BriefScaffoldResult(string ClassName, string Source, ImmutableArray<string> Missing, MlVsRulesDecision? Decision);

/// <summary>
/// Writes a Phase 1 problem brief as a C# declaration (<c>[MlProblem]</c>, <c>[Baseline]</c>,
/// <c>[KillCriterion]</c>), with the ML-vs-rules answers as a comment above it. Fields not known yet are left out and
/// listed, so the first build's diagnostics (ML0001–ML0003) ask for them.
/// </summary>
public static class BriefScaffold
{
    /// <summary>The methodology's kill criteria, used when none are given (<see cref="ProblemBrief.DefaultKillConditions"/>).</summary>
    public static ImmutableArray<string> DefaultKillCriteria => ProblemBrief.DefaultKillCriteria;

    /// <summary>Writes what is known of <paramref name="draft"/> (empty fields: not known yet) as the class
    /// <paramref name="className"/> (default: the name in PascalCase + <c>Problem</c>) in <paramref name="namespace"/>;
    /// <paramref name="answers"/> adds the ML-vs-rules decision.</summary>
    /// <exception cref="ArgumentException">The name does not make a C# identifier, or the baseline value is not finite.</exception>
    public static BriefScaffoldResult Write(ProblemBrief draft, string? className = null, string? @namespace = null, MlVsRulesAnswers? answers = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrWhiteSpace(draft.Name);
        className ??= Pascal(draft.Name) + "Problem";
        if (draft.Baseline?.Value is { } v && !double.IsFinite(v))
        {
            throw new ArgumentException($"The baseline value {v} is not a number a metric can take.");
        }

        if (!IsIdentifier(className))
        {
            throw new ArgumentException($"'{className}' is not a C# class name; give one with --class.");
        }

        if (@namespace is { } ns && !ns.Split('.').All(IsIdentifier))
        {
            throw new ArgumentException($"'{ns}' is not a C# namespace.");
        }

        var missing = new List<string>();
        var properties = new List<string>();
        void Text(string property, string value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                missing.Add(field);
            }
            else
            {
                properties.Add($"{property} = {Literal(value)}");
            }
        }

        void Enum<T>(string property, T value, string field)
            where T : struct, Enum
        {
            if (Convert.ToInt32(value, CultureInfo.InvariantCulture) == 0)
            {
                missing.Add(field);
            }
            else
            {
                properties.Add($"{property} = {typeof(T).Name}.{value}");
            }
        }

        Text("BusinessObjective", draft.BusinessObjective, "business_objective");
        Text("SuccessMetric", draft.SuccessMetric, "success_metric");
        Enum("Task", draft.Task, "ml_task_type");
        Text("PredictionTarget", draft.PredictionTarget, "prediction_target");
        Enum("Consumer", draft.Consumer, "prediction_consumer");
        Enum("Latency", draft.Latency, "latency_requirement");
        Enum("Metric", draft.PrimaryMetric, "metric");
        Text("DataAvailable", draft.DataAvailable, "data_available");
        Text("DataGaps", draft.DataGaps, "data_gaps");
        Text("EthicalConsiderations", draft.EthicalConsiderations, "ethical_considerations");
        if (!draft.ProtectedAttributes.IsEmpty)
        {
            properties.Add($"ProtectedAttributes = new[] {{ {string.Join(", ", draft.ProtectedAttributes.Select(Literal))} }}");
        }

        Text("RoiEstimate", draft.RoiEstimate, "roi_estimate");

        var code = new StringBuilder();
        code.AppendLine("using MlAsCode;").AppendLine();
        if (@namespace is { } space)
        {
            code.Append("namespace ").Append(space).AppendLine(";").AppendLine();
        }

        var decision = answers is null ? null : MlVsRules.Decide(answers);
        if (decision is not null)
        {
            code.AppendLine($"// ML vs rules (the methodology's Phase 1 table): {(decision.Recommendation == "ml" ? "ML" : "start with rules")} — {decision.ForMl} signal(s) for ML, {decision.ForRules} for rules.");
            foreach (var signal in decision.Signals)
            {
                code.Append("//   ").AppendLine(signal);
            }
        }

        if (missing.Count > 0)
        {
            code.AppendLine("// Still to decide: " + string.Join(", ", missing) + ".");
        }

        code.Append("[MlProblem(").Append(Literal(draft.Name));
        foreach (var property in properties)
        {
            code.AppendLine(",").Append("    ").Append(property);
        }

        code.AppendLine(")]");
        if (draft.Baseline is not { Description: { Length: > 0 } baseline })
        {
            missing.Add("baseline");
        }
        else
        {
            code.Append("[Baseline(").Append(Literal(baseline));
            if (draft.PrimaryMetric != Metric.Unspecified && draft.Baseline.Value is { } value)
            {
                code.Append($", Metric = Metric.{draft.PrimaryMetric}, Value = {value.ToString("R", CultureInfo.InvariantCulture)}");
            }

            code.AppendLine(")]");
        }

        foreach (var criterion in draft.KillCriteria.IsEmpty ? ProblemBrief.DefaultKillConditions : [.. draft.KillCriteria.Select(k => new KillCriterion(k))])
        {
            code.Append("[KillCriterion(").Append(Literal(criterion.Text));
            if (criterion.When != KillWhen.Unchecked)
            {
                code.Append(", When = KillWhen.").Append(criterion.When).Append(", Threshold = ").Append(criterion.Threshold.ToString("R", CultureInfo.InvariantCulture));
            }

            code.AppendLine(")]");
        }

        code.Append("public partial class ").Append(className).AppendLine(";");
        return new BriefScaffoldResult(className, code.ToString(), [.. missing], decision);
    }

    /// <summary>A C# string literal.</summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\u2028' => "\\u2028",
                '\u2029' => "\\u2029",
                '\u0085' => "\\u0085",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    private static string Pascal(string name) =>
        string.Concat(name.Split(['-', '_', ' ', '.'], StringSplitOptions.RemoveEmptyEntries)
            .Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_') && !Keywords.Contains(name);

    // C#'s reserved keywords: not usable as a class or namespace name.
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue", "decimal", "default",
        "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto",
        "if", "implicit", "in", "int", "interface", "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out",
        "override", "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc",
        "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort", "using",
        "virtual", "void", "volatile", "while",
    };
}
