using System.Linq;
using MlAsCode.Generators.Common;
using MlAsCode.Generators.Model;

namespace MlAsCode.Generators.Experiments;

/// <summary>Writes <c>Settings</c> and <c>RunAsync</c> for an experiment.</summary>
internal static class ExperimentEmitter
{
    private const string E = "global::MlAsCode.Experiments";

    public static string Emit(ExperimentModel model, bool mlNetTrainer, bool mlpTrainer, bool standardDocuments)
    {
        var w = new SourceWriter();
        var depth = GeneratedFile.Open(w, model.Type);
        w.Line($"/// <summary>The declared settings of experiment {Escape(model.Id)}.</summary>");
        w.Line(GeneratedFile.GeneratedCodeAttribute);
        w.Line($"public static {E}.ExperimentSettings Settings {{ get; }} = {E}.ExperimentSettings.Declared(typeof({model.QualifiedName}));");

        if (model.Problem is { } problem && model.FeatureSet is { } row)
        {
            w.Line();
            w.Line("/// <summary>Runs the experiment on <paramref name=\"rows\"/> (the whole source) with <paramref name=\"trainer\"/>; see");
            w.Line($"/// <see cref=\"{E}.ExperimentRunner{{TRow}}\"/> for the order of the steps and the verdict rule.</summary>");
            w.Line(GeneratedFile.GeneratedCodeAttribute);
            w.Line($"{model.RunAccessibility} static global::System.Threading.Tasks.Task<{E}.ExperimentReport> RunAsync({E}.ITabularTrainer trainer, global::System.Collections.Generic.IReadOnlyList<{row}> rows, {E}.ExperimentRunOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default) =>");
            // With MlAsCode.Operations referenced, a run writes the HTML report and the model card unless told otherwise.
            var runOptions = standardDocuments ? $"{E}.RunDocuments.WithStandardDocuments(options)" : "options";
            w.Line($"    new {E}.ExperimentRunner<{row}>(Settings, {problem}.Brief, {row}.Features, trainer).RunAsync(rows, {runOptions}, cancellationToken);");
            if (model.Source is { } source)
            {
                w.Line();
                w.Line($"/// <summary>Loads {Escape(source)} (beside the application unless <c>options.SourcePath</c> says otherwise), applies the");
                w.Line("/// data quality gate to it, and runs the experiment.</summary>");
                w.Line(GeneratedFile.GeneratedCodeAttribute);
                w.Open($"public static global::System.Threading.Tasks.Task<{E}.ExperimentReport> RunAsync({E}.ITabularTrainer trainer, {E}.ExperimentRunOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default)");
                w.Line($"var path = options?.SourcePath ?? global::System.IO.Path.Combine(global::System.AppContext.BaseDirectory, {Literals.String(source)});");
                w.Line($"var rows = global::System.Linq.Enumerable.ToList({row}.ReadCsv(path));");
                w.Line($"return RunAsync(trainer, rows, (options ?? new {E}.ExperimentRunOptions()) with {{ SourcePath = path }}, cancellationToken);");
                w.Close();
                // ML.NET trains the tree and linear families; TorchSharp the MLP.
                var trainer = model.Model switch
                {
                    ModelFamily.LightGbm or ModelFamily.FastTree or ModelFamily.Linear when mlNetTrainer =>
                        ("ML.NET model family", $"new global::MlAsCode.Training.Trainers.MlNetTrainer(global::MlAsCode.ModelFamily.{model.Model}, {problem}.Brief.Task, Settings.Seed)"),
                    ModelFamily.Mlp when mlpTrainer => ("TorchSharp MLP (CUDA when available, CPU otherwise)", $"new global::MlAsCode.Training.Torch.MlpTrainer({problem}.Brief.Task, Settings.Seed)"),
                    _ => default((string Description, string Expression)?),
                };
                if (trainer is { } t)
                {
                    w.Line();
                    w.Line($"/// <summary>Runs the experiment with the declared {t.Description}.</summary>");
                    w.Line(GeneratedFile.GeneratedCodeAttribute);
                    w.Line($"public static global::System.Threading.Tasks.Task<{E}.ExperimentReport> RunAsync({E}.ExperimentRunOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default) =>");
                    w.Line($"    RunAsync({t.Expression}, options, cancellationToken);");
                }
            }
        }

        GeneratedFile.Close(w, depth);
        return w.ToString();
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
