using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace MlAsCode.Evaluation.Reporting;

/// <summary>
/// An <see cref="EvaluationReport"/> as one self-contained HTML page: plots inline as SVG (<see cref="SvgChart"/>),
/// no scripts, no external files, styles inline; it opens from disk, in a mail attachment or on a server without
/// network access.
/// </summary>
public static class HtmlReport
{
    /// <summary>Writes the page.</summary>
    public static string Write(EvaluationReport report)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(report.Title)).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}")
            .Append("table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}th{background:#f4f4f4}")
            .Append(".num{text-align:right;font-variant-numeric:tabular-nums}.passed{color:#1a7f37}.failed{color:#c0392b;font-weight:bold}.not_run,.inconclusive,.warning{color:#9a6700}")
            .Append(".plots{display:flex;flex-wrap:wrap;gap:12px}.plots svg{border:1px solid #eee}tr.small td{color:#888;font-style:italic}</style></head><body>");
        h.Append("<h1>").Append(E(report.Title)).Append("</h1>");
        h.Append("<p>").Append(E($"{Task(report)} · {report.Rows} evaluation rows · primary metric {report.PrimaryMetric}: ")).Append("<b>").Append(E(report.Primary.Score.ToString())).Append("</b></p>");

        Checklist(h, report);
        Metrics(h, report);
        Plots(h, report);
        Fairness(h, report);
        Segments(h, report);
        Worst(h, report);
        return h.Append("</body></html>").ToString();
    }

    private static string Task(EvaluationReport r) => r.Task switch
    {
        MlTask.BinaryClassification => "Binary classification",
        MlTask.MulticlassClassification => "Multiclass classification",
        _ => "Regression",
    };

    private static void Checklist(StringBuilder h, EvaluationReport r)
    {
        h.Append("<h2>Checklist</h2><table id=\"checks\"><tr><th>check</th><th>status</th><th>evidence</th></tr>");
        foreach (var c in r.Checks)
        {
            var status = Common.SnakeCase.From(c.Status.ToString());
            h.Append("<tr><td>").Append(E(c.Name)).Append("</td><td class=\"").Append(status).Append("\">").Append(status.Replace('_', ' '))
                .Append("</td><td>").Append(E(c.Detail)).Append("</td></tr>");
        }

        h.Append("</table>");
    }

    private static void Metrics(StringBuilder h, EvaluationReport r)
    {
        h.Append("<h2>Metrics (95% bootstrap intervals)</h2><table id=\"metrics\"><tr><th>metric</th><th>value</th><th>lower</th><th>upper</th></tr>");
        foreach (var m in r.Metrics)
        {
            h.Append("<tr><td>").Append(E(m.Name)).Append("</td>").Append(Num(m.Score.Value)).Append(Num(m.Score.Lower)).Append(Num(m.Score.Upper)).Append("</tr>");
        }

        h.Append("</table>");
        if (r.Baseline is { } b)
        {
            h.Append("<h2>Baseline comparison</h2><table id=\"baseline\"><tr><th></th><th>value</th><th>lower</th><th>upper</th></tr>")
                .Append("<tr><td>").Append(E($"baseline: {b.Baseline}")).Append("</td>").Append(Num(b.BaselineScore.Value)).Append(Num(b.BaselineScore.Lower)).Append(Num(b.BaselineScore.Upper)).Append("</tr>")
                .Append("<tr><td>improvement (paired bootstrap)</td>").Append(Num(b.Improvement.Value)).Append(Num(b.Improvement.Lower)).Append(Num(b.Improvement.Upper)).Append("</tr></table>");
        }

        if (r.CrossValidation is { } cv)
        {
            h.Append("<h2>Cross-validation</h2><table id=\"cross-validation\"><tr><th>fold</th><th>").Append(E(cv.Metric)).Append("</th></tr>");
            for (var i = 0; i < cv.Folds.Length; i++)
            {
                h.Append("<tr><td>").Append(i + 1).Append("</td>").Append(Num(cv.Folds[i])).Append("</tr>");
            }

            h.Append("<tr><th>mean ± sd</th><td class=\"num\">").Append(E(Inv($"{cv.Mean:0.0000} ± {cv.StandardDeviation:0.0000}"))).Append("</td></tr></table>");
        }
    }

    private static void Plots(StringBuilder h, EvaluationReport r)
    {
        var plots = new List<string>();
        if (!r.Roc.IsEmpty)
        {
            var auc = r.Metrics.FirstOrDefault(m => m.Name == "roc_auc");
            plots.Add(SvgChart.Lines("ROC curve", "false positive rate", "true positive rate",
                [new ChartSeries(auc is null ? "model" : Inv($"model (AUC {auc.Score.Value:0.000})"), r.Roc)], diagonal: true, x: (0, 1), y: (0, 1)));
        }

        if (!r.PrecisionRecall.IsEmpty)
        {
            var ap = r.Metrics.FirstOrDefault(m => m.Name == "pr_auc");
            plots.Add(SvgChart.Lines("Precision-recall curve", "recall", "precision",
                [new ChartSeries(ap is null ? "model" : Inv($"model (AP {ap.Score.Value:0.000})"), r.PrecisionRecall)], x: (0, 1), y: (0, 1)));
        }

        if (r.Calibration is { } c)
        {
            var series = new List<ChartSeries> { new(Inv($"model (ECE {c.Curve.ExpectedCalibrationError:0.000})"), Reliability(c.Curve)) };
            series.AddRange(c.Calibrators.Select(k => new ChartSeries(Inv($"{k.Method} (ECE {k.Curve.ExpectedCalibrationError:0.000})"), Reliability(k.Curve))));
            plots.Add(SvgChart.Lines("Calibration (reliability)", "mean predicted probability", "fraction of positives", series, diagonal: true, x: (0, 1), y: (0, 1), markers: true));
        }

        if (!r.PredictedVsActual.IsDefaultOrEmpty)
        {
            plots.Add(SvgChart.Scatter("Predicted vs actual", "actual", "predicted", r.PredictedVsActual, zeroLine: false, diagonal: true));
        }

        if (!r.Residuals.IsEmpty)
        {
            plots.Add(SvgChart.Scatter("Residuals", "predicted", "actual - predicted", r.Residuals));
        }

        if (!r.ResidualsOverTime.IsDefaultOrEmpty)
        {
            // Each period at its last event time: a trend means the model ages (or the split leaks the future).
            plots.Add(SvgChart.Lines("Residuals over time", "period (end, days from the first)", "actual - predicted",
                [new ChartSeries("mean residual", [.. r.ResidualsOverTime.Select(p => new CurvePoint((p.To - r.ResidualsOverTime[0].From).TotalDays, p.MeanResidual))]),
                 new ChartSeries("mean absolute error", [.. r.ResidualsOverTime.Select(p => new CurvePoint((p.To - r.ResidualsOverTime[0].From).TotalDays, p.MeanAbsoluteError))])],
                markers: true));
        }

        foreach (var d in r.ScoreDistributions)
        {
            var binary = r.Task == MlTask.BinaryClassification;
            plots.Add(SvgChart.Histogram($"{(binary ? "Scores" : "Predictions")} by {d.Attribute}", binary ? "predicted probability" : "predicted value",
                [.. d.Groups.Select(g => (g.Group, (IReadOnlyList<double>)g.Scores))], range: binary ? (0, 1) : null));
        }

        if (plots.Count == 0)
        {
            return;
        }

        h.Append("<h2>Plots</h2><div class=\"plots\">");
        foreach (var plot in plots)
        {
            h.Append(plot);
        }

        h.Append("</div>");
    }

    private static void Fairness(StringBuilder h, EvaluationReport r)
    {
        if (r.Fairness.IsEmpty)
        {
            return;
        }

        h.Append("<h2>Fairness</h2><p>Disparate impact uses the US employment \"four-fifths (80%) rule\" as its default limit: a screening convention, not a universal test of fairness. A check passes only when its whole 95% interval is within the limit.</p>");
        foreach (var f in r.Fairness)
        {
            h.Append("<h3>").Append(E(f.Attribute)).Append("</h3><table class=\"fairness\"><tr><th>group</th><th>rows</th><th>selection rate</th><th>TPR</th><th>FPR</th><th>ECE</th></tr>");
            foreach (var g in f.Groups)
            {
                h.Append("<tr><td>").Append(E(g.Group)).Append("</td><td class=\"num\">").Append(g.Rows).Append("</td>")
                    .Append(Num(g.SelectionRate)).Append(Num(g.TruePositiveRate)).Append(Num(g.FalsePositiveRate)).Append(Num(g.ExpectedCalibrationError)).Append("</tr>");
            }

            h.Append("</table><table class=\"fairness\"><tr><th>check</th><th>value</th><th>lower</th><th>upper</th><th>limit</th><th>outcome</th></tr>");
            foreach (var c in f.Checks)
            {
                var outcome = c.Outcome.ToString().ToLowerInvariant();
                h.Append("<tr><td>").Append(E(c.Name)).Append("</td>").Append(Num(c.Value.Value)).Append(Num(c.Value.Lower)).Append(Num(c.Value.Upper)).Append(Num(c.Limit))
                    .Append("<td class=\"").Append(outcome == "fail" ? "failed" : outcome == "pass" ? "passed" : outcome).Append("\">").Append(outcome).Append("</td></tr>");
            }

            h.Append("</table>");
        }
    }

    private static void Segments(StringBuilder h, EvaluationReport r)
    {
        if (r.PredictionIntervals is { } p)
        {
            h.Append("<h2>Prediction intervals</h2><p>").Append(E(p.Interval.ToString())).Append(E(Inv(
                $". Coverage on the evaluated rows: {p.Coverage.Value:0.0%} (95% interval [{p.Coverage.Lower:0.0%}, {p.Coverage.Upper:0.0%}]) against the promised {p.Interval.Nominal:0%}; median width {p.MedianWidth:0.####}."))).Append("</p>");
        }

        var regression = r.Task == MlTask.Regression;
        foreach (var s in r.Segments)
        {
            h.Append("<h2>").Append(E($"{s.Metric} by {s.Column}")).Append("</h2><table class=\"segment\"><tr><th>value</th><th>rows</th><th>").Append(E(s.Metric)).Append("</th><th>lower</th><th>upper</th>")
                .Append(regression ? "<th>mean residual</th>" : "").Append("<th>note</th></tr>");
            foreach (var g in s.Groups)
            {
                h.Append("<tr").Append(g.Small ? " class=\"small\"" : "").Append("><td>").Append(E(g.Value)).Append("</td><td class=\"num\">").Append(g.Rows).Append("</td>");
                h.Append(g.Score is { } score ? Num(score.Value) + Num(score.Lower) + Num(score.Upper) : "<td></td><td></td><td></td>");
                h.Append(regression ? Num(g.MeanResidual ?? double.NaN) : "").Append("<td>").Append(E(g.Reason ?? "")).Append("</td></tr>");
            }

            h.Append("</table>");
        }

        if (!r.ResidualsOverTime.IsDefaultOrEmpty)
        {
            h.Append("<h2>Residuals over time</h2><table class=\"segment\"><tr><th>from</th><th>to</th><th>rows</th><th>mean residual</th><th>MAE</th></tr>");
            foreach (var period in r.ResidualsOverTime)
            {
                h.Append("<tr><td>").Append(period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("</td><td>").Append(period.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                    .Append("</td><td class=\"num\">").Append(period.Rows).Append("</td>").Append(Num(period.MeanResidual)).Append(Num(period.MeanAbsoluteError)).Append("</tr>");
            }

            h.Append("</table>");
        }
    }

    private static void Worst(StringBuilder h, EvaluationReport r)
    {
        if (r.Worst.IsEmpty)
        {
            return;
        }

        var names = r.Worst.SelectMany(w => w.Features.Select(f => f.Key)).Distinct().ToList();
        h.Append("<h2>").Append(r.Worst.Length).Append(" worst predictions</h2><table id=\"worst\"><tr><th>row</th><th>actual</th><th>predicted</th><th>loss</th>");
        foreach (var n in names)
        {
            h.Append("<th>").Append(E(n)).Append("</th>");
        }

        h.Append("</tr>");
        foreach (var w in r.Worst)
        {
            var values = w.Features.ToDictionary(f => f.Key, f => f.Value);
            h.Append("<tr><td class=\"num\">").Append(w.Row).Append("</td><td>").Append(E(w.Actual)).Append("</td><td>").Append(E(w.Predicted)).Append("</td>").Append(Num(w.Loss));
            foreach (var n in names)
            {
                h.Append("<td>").Append(E(values.GetValueOrDefault(n, ""))).Append("</td>");
            }

            h.Append("</tr>");
        }

        h.Append("</table>");
    }

    private static IReadOnlyList<CurvePoint> Reliability(CalibrationCurve curve) => [.. curve.Bins.Select(b => new CurvePoint(b.MeanPredicted, b.FractionOfPositives))];

    private static string Num(double v) => "<td class=\"num\">" + (double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a") + "</td>";

    private static string Inv(System.FormattableString s) => System.FormattableString.Invariant(s);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
