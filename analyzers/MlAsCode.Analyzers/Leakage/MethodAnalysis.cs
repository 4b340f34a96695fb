using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace MlAsCode.Analyzers.Leakage;

/// <summary>Everything one method's interpretation records, and the rules decided once it is done.</summary>
internal sealed class MethodAnalysis
{
    private readonly Dictionary<(int, int), int> _ids = [];
    private readonly HashSet<(string Id, Location Location)> _suppressed = [];
    private readonly HashSet<(string Id, Location Location)> _reported = [];

    public MethodAnalysis(bool inlineHelpers) => InlineHelpers = inlineHelpers;

    public bool InlineHelpers { get; }

    public Dictionary<int, Evaluation> Evaluations { get; } = [];

    public List<(DiagnosticDescriptor Descriptor, Location Location, Location Original, string Message)> Reports { get; } = [];

    /// <summary>Operations visited; the interpretation stops beyond a budget, whatever the code.</summary>
    public int Steps { get; set; }

    /// <summary>A stable small id for a syntax position seen from a call site (0 outside helpers).</summary>
    public int Id(int callSite, int position)
    {
        if (!_ids.TryGetValue((callSite, position), out var id))
        {
            id = _ids.Count + 1;
            _ids[(callSite, position)] = id;
        }

        return id;
    }

    /// <summary>Diagnostics a helper reports on its own: not repeated at the calls of it.</summary>
    public void Suppress(IEnumerable<(string Id, Location Location)> helperReports) => _suppressed.UnionWith(helperReports);

    public void Report(DiagnosticDescriptor descriptor, Location location, Location original, string message)
    {
        if (_suppressed.Contains((descriptor.Id, original)) || !_reported.Add((descriptor.Id, location)))
        {
            return;
        }

        Reports.Add((descriptor, location, original, message));
    }

    public void MarkChosen(ImmutableHashSet<int> metrics)
    {
        foreach (var id in metrics)
        {
            if (Evaluations.TryGetValue(id, out var evaluation))
            {
                evaluation.Chosen = true;
            }
        }
    }

    /// <summary>ML0201, ML0202 (test set carved from training rows) and ML0203, decided from the evaluations.</summary>
    public void Finish()
    {
        foreach (var evaluation in Evaluations.Values.OrderBy(e => e.Location.SourceSpan.Start))
        {
            CheckFits(evaluation);
        }

        var holdouts = Evaluations.Values
            .Where(e => !e.IsCrossValidation && !e.Scored.Data.IsEmpty && e.Scored.Data.Paths.All(p => !p.IsValidation))
            .GroupBy(e => e.Scored.Data.Key);
        foreach (var group in holdouts)
        {
            var list = group.OrderBy(e => e.Location.SourceSpan.Start).ToList();
            var candidates = list.Any(e => e.Repeated)
                || list.Select(ScoredModels).Distinct().Count() >= 2;
            if (!candidates || !list.Any(e => e.Chosen))
            {
                continue;
            }

            var path = list[0].Scored.Data.Paths[0];
            var from = path.LastTest is { } test ? $"the test set of the split at line {test.Line}" : path.Root.Describe();
            var how = list.Count > 1 ? $"{list.Count} Evaluate calls" : "an Evaluate call inside a loop";
            foreach (var evaluation in list)
            {
                Report(DiagnosticDescriptors.HoldoutReused, evaluation.Location, evaluation.Original,
                    $"Holdout '{evaluation.ScoredName ?? "test data"}' ({from}) scores several candidates ({how}) and the scores choose among them: its score of the winner is optimistic; choose on a validation split or CrossValidate, then evaluate the holdout once");
            }
        }
    }

    /// <summary>Which model an evaluation scores: the models of the last Transform, else the last fit applied.</summary>
    private static string ScoredModels(Evaluation evaluation)
    {
        var scored = evaluation.Scored;
        return !scored.Scorers.IsEmpty
            ? string.Join(",", scored.Scorers.Select(f => f.Id).OrderBy(id => id))
            : scored.Fits.IsEmpty ? "" : scored.Fits[scored.Fits.Length - 1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private void CheckFits(Evaluation evaluation)
    {
        var scored = evaluation.Scored;
        foreach (var fit in scored.Fits)
        {
            foreach (var fitted in fit.Data.Paths)
            {
                foreach (var rows in scored.Data.Paths.Where(fitted.Overlaps))
                {
                    if (Check(evaluation, fit, fitted, rows))
                    {
                        goto nextFit;
                    }
                }
            }

        nextFit:;
        }
    }

    /// <summary>Whether a fit on <paramref name="fitted"/> leaks into scoring <paramref name="rows"/> (and reports it).</summary>
    private bool Check(Evaluation evaluation, Fit fit, RowPath fitted, RowPath rows)
    {
        var root = fitted.Root.Describe();
        if (evaluation.IsCrossValidation)
        {
            Report(DiagnosticDescriptors.PreprocessingLeakage, fit.Location, fit.Original,
                $"'{fit.Name}' is fitted on '{fit.DataName}' ({root}), and CrossValidate at line {evaluation.Line} splits those same rows into folds: every validation fold was seen by the fit; put the estimator in the pipeline that CrossValidate fits per fold");
            return true;
        }

        if (fitted.Contains(rows) && rows.Steps.Length > fitted.Steps.Length)
        {
            // The fit saw a superset of the scored rows: before a split, or before a carve of the test set.
            var after = rows.Steps.Skip(fitted.Steps.Length).ToList();
            if (after.FirstOrDefault(s => s.Kind == StepKind.Test) is { } test)
            {
                Report(DiagnosticDescriptors.PreprocessingLeakage, fit.Location, fit.Original,
                    $"'{fit.Name}' is fitted on '{fit.DataName}' ({root}), which still contains the test rows of the split at line {test.Line}; its output feeds Evaluate at line {evaluation.Line}");
                return true;
            }

            var carve = after[after.Count - 1];
            Report(DiagnosticDescriptors.OverlapLeakage, carve.Location, carve.Location,
                $"The test set '{evaluation.ScoredName ?? "test data"}' built at line {carve.Line} is part of '{fit.DataName}' ({root}), on which '{fit.Name}' is fitted at line {fit.Line}: Evaluate at line {evaluation.Line} scores the model on rows it was trained on");
            return true;
        }

        if (rows.Contains(fitted) && rows.Steps.Length > 0)
        {
            // The fit saw the scored rows themselves: a fit on the test set, or on training and test rows together.
            var last = rows.Steps[rows.Steps.Length - 1];
            var mixed = fit.Data.Paths.Length > 1;
            if (last.Kind == StepKind.Test || mixed)
            {
                var relation = mixed ? "mixes the training rows with the test rows" : "is the test set";
                Report(DiagnosticDescriptors.PreprocessingLeakage, fit.Location, fit.Original,
                    $"'{fit.Name}' is fitted on '{fit.DataName}' ({root}), which {relation} of the split at line {last.Line}; its output feeds Evaluate at line {evaluation.Line}");
                return true;
            }
        }

        return false;
    }
}
