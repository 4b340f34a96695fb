using MlAsCode.Generators.Common;
using MlAsCode.Generators.Model;

namespace MlAsCode.Generators.ProblemFraming;

/// <summary>Writes <c>Brief</c> and <c>Rubric</c> for one problem declaration.</summary>
internal static class ProblemBriefEmitter
{
    public static string Emit(ProblemBriefModel model)
    {
        var w = new SourceWriter();
        var depth = GeneratedFile.Open(w, model.Type);

        w.Line("/// <summary>The problem brief declared by <c>[MlProblem]</c>, <c>[Baseline]</c> and <c>[KillCriterion]</c> on this type.</summary>");
        w.Line(GeneratedFile.GeneratedCodeAttribute);
        w.Line("public static global::MlAsCode.Framing.ProblemBrief Brief { get; } = new global::MlAsCode.Framing.ProblemBrief");
        w.Line("{");
        w.Line($"    Name = {Literals.String(model.Name)},");
        w.Line($"    BusinessObjective = {Literals.String(model.BusinessObjective ?? "")},");
        w.Line($"    SuccessMetric = {Literals.String(model.SuccessMetric ?? "")},");
        w.Line($"    Task = {model.Task},");
        w.Line($"    PredictionTarget = {Literals.String(model.PredictionTarget ?? "")},");
        w.Line($"    Consumer = {model.Consumer},");
        w.Line($"    Latency = {model.Latency},");
        w.Line($"    DataAvailable = {Literals.String(model.DataAvailable ?? "")},");
        w.Line($"    DataGaps = {Literals.String(model.DataGaps ?? "")},");
        w.Line($"    EthicalConsiderations = {Literals.String(model.EthicalConsiderations ?? "")},");
        w.Line($"    ProtectedAttributes = {Literals.Strings(model.ProtectedAttributes)},");
        w.Line($"    PrimaryMetric = {model.Metric},");
        w.Line($"    PositiveRate = {Literals.Double(model.PositiveRate)},");
        w.Line($"    RoiEstimate = {Literals.String(model.RoiEstimate ?? "")},");
        w.Line($"    OutliersMustNotDominate = {Literals.Bool(model.OutliersMustNotDominate)},");
        w.Line($"    Baseline = {Baseline(model.Baseline)},");
        w.Line($"    KillCriteria = {Literals.Strings(model.KillCriteria)},");
        if (model.KillConditions.Count > 0)
        {
            w.Line("    KillConditions = global::System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(new global::MlAsCode.Framing.KillCriterion[]");
            w.Line("    {");
            foreach (var k in model.KillConditions)
            {
                w.Line($"        new({Literals.String(k.Text)}, {k.When ?? "global::MlAsCode.KillWhen.Unchecked"}, {Literals.Double(k.Threshold)}),");
            }

            w.Line("    }),");
        }

        w.Line("};");
        w.Line();
        w.Line("/// <summary>The ML system quality rubric (Phase 11) for what this brief shows, with the reason for each dimension's points.</summary>");
        w.Line(GeneratedFile.GeneratedCodeAttribute);
        w.Line("public static global::MlAsCode.Rubric.RubricReport Rubric { get; } = global::MlAsCode.Rubric.QualityRubric.Evaluate(Brief);");

        GeneratedFile.Close(w, depth);
        return w.ToString();
    }

    private static string Baseline(BaselineModel? baseline) => baseline is null
        ? "null"
        : "global::MlAsCode.Framing.BaselineSpec.FromDeclaration(" +
          $"{baseline.Kind}, {Literals.String(baseline.Description)}, {baseline.Metric}, " +
          $"{Literals.Double(baseline.Value)}, {Literals.String(baseline.RulesMethod)}" +
          (baseline.RulesDelegateType is null ? "" : $", ({baseline.RulesDelegateType}){baseline.RulesMethod}") +
          (baseline.GroupBy is null ? ")" : $", groupBy: {Literals.String(baseline.GroupBy)})");
}
