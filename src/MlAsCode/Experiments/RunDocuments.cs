using System.Collections.Generic;
using MlAsCode.Features;
using MlAsCode.Framing;

namespace MlAsCode.Experiments;

/// <summary>
/// A document a run writes beside its outputs once its report is complete — the HTML evaluation report and the model
/// card that <c>MlAsCode.Operations</c> ships (<c>RunDocuments.Standard</c>), or a team's own. The runner writes what
/// every run needs (model, fitted pipeline, <c>evaluation.json</c>, <c>predictions.csv</c>, reference profile,
/// <c>experiment_report.json</c>) and hands the rest to these, so the runtime core holds no report or card renderer.
/// </summary>
public interface IRunDocument
{
    /// <summary>The files to write for the finished run: a name inside the output folder and its text.</summary>
    IEnumerable<RunFile> Render<TRow>(RunDocumentContext<TRow> run);
}

/// <summary>A file a <see cref="IRunDocument"/> writes: a plain file name inside the run's output folder, and its text.</summary>
public sealed record RunFile(string Name, string Text);

/// <summary>What a run document is rendered from: the finished report (its evaluation included) and the declarations.</summary>
/// <param name="Report">The run's report, with <see cref="ExperimentReport.Evaluation"/>.</param>
/// <param name="Problem">The problem brief.</param>
/// <param name="Features">The feature set definition.</param>
public sealed record RunDocumentContext<TRow>(ExperimentReport Report, ProblemBrief Problem, FeatureSetDefinition<TRow> Features);
