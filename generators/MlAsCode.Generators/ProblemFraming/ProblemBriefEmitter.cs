using System.Linq;
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

        // The values stay in the attributes; the runtime reads them once (a bound delegate for the rules method).
        var rules = model.Rules is { } r
            ? $", (global::System.Func<{string.Join(", ", r.ParameterTypes.Append(r.ReturnType))}>){r.Method}"
            : "";
        w.Line("/// <summary>The problem brief declared by <c>[MlProblem]</c>, <c>[Baseline]</c> and <c>[KillCriterion]</c> on this type.</summary>");
        w.Line(GeneratedFile.GeneratedCodeAttribute);
        w.Line($"public static global::MlAsCode.Framing.ProblemBrief Brief {{ get; }} = global::MlAsCode.Framing.ProblemBrief.Declared(typeof({model.QualifiedName}){rules});");
        w.Line();
        w.Line("/// <summary>The ML system quality rubric (Phase 11) for what this brief shows, with the reason for each dimension's points.</summary>");
        w.Line(GeneratedFile.GeneratedCodeAttribute);
        w.Line("public static global::MlAsCode.Rubric.RubricReport Rubric { get; } = global::MlAsCode.Rubric.QualityRubric.Evaluate(Brief);");

        GeneratedFile.Close(w, depth);
        return w.ToString();
    }
}
