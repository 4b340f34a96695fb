using System.Collections.Generic;
using MlAsCode.Evaluation.Reporting;
using MlAsCode.ModelCards;

namespace MlAsCode.Experiments;

/// <summary>
/// The documents a run writes with its outputs when the project references MlAsCode.Operations: the HTML evaluation
/// report (<c>evaluation_report.html</c>) and the model card (<c>model_card.md</c>, <c>model_card.yaml</c>). The
/// generated <c>RunAsync</c> uses <see cref="Standard"/> when <see cref="ExperimentRunOptions.Documents"/> is null;
/// give it yourself to fill the card's owner, contact and out-of-scope uses.
/// </summary>
public static class RunDocuments
{
    /// <summary>The HTML evaluation report and the model card, with <paramref name="card"/> for what the declarations
    /// and the run cannot say (owner, contact, maintenance, out-of-scope uses, training price).</summary>
    public static IReadOnlyList<IRunDocument> Standard(ModelCardOptions? card = null) =>
        [new EvaluationReportDocument(), new ModelCardDocument(card ?? new ModelCardOptions())];

    /// <summary>Fills <see cref="ExperimentRunOptions.Documents"/> with <see cref="Standard"/> when it is null (what the
    /// generated <c>RunAsync</c> calls); an explicit list, empty included, is kept.</summary>
    public static ExperimentRunOptions WithStandardDocuments(ExperimentRunOptions? options) =>
        options is { Documents: not null } ? options : (options ?? new ExperimentRunOptions()) with { Documents = Standard() };

    private sealed class EvaluationReportDocument : IRunDocument
    {
        public IEnumerable<RunFile> Render<TRow>(RunDocumentContext<TRow> run) =>
            run.Report.Evaluation is { } evaluation ? [new RunFile("evaluation_report.html", HtmlReport.Write(evaluation))] : [];
    }

    private sealed class ModelCardDocument(ModelCardOptions options) : IRunDocument
    {
        public IEnumerable<RunFile> Render<TRow>(RunDocumentContext<TRow> run)
        {
            var card = run.Report.ToModelCard(run.Problem, run.Features, options);
            return [new RunFile("model_card.md", card.ToMarkdown()), new RunFile("model_card.yaml", card.ToYaml())];
        }
    }
}
