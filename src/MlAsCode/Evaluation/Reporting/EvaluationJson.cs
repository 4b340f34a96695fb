using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlAsCode.Evaluation.Reporting;

/// <summary>
/// Every number of an <see cref="EvaluationReport"/> as JSON, snake_case keys; metric names as in the scikit-learn
/// fixture (<c>roc_auc</c>, <c>pr_auc</c>, …). A value that could not be computed is <c>null</c>, never a number.
/// </summary>
public static class EvaluationJson
{
    /// <summary>The report as an indented JSON document.</summary>
    public static string Write(EvaluationReport report) => ToNode(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>The report as a JSON object (to embed in a larger document).</summary>
    public static JsonObject ToNode(EvaluationReport report)
    {
        var root = new JsonObject
        {
            ["title"] = report.Title,
            ["task"] = Common.SnakeCase.From(report.Task.ToString()),
            ["rows"] = report.Rows,
            ["threshold"] = report.Threshold,
            ["primary_metric"] = report.PrimaryMetric,
            ["metrics"] = new JsonObject(report.Metrics.Select(m => new KeyValuePair<string, JsonNode?>(m.Name, Interval(m.Score)))),
        };
        if (report.Baseline is { } b)
        {
            root["baseline"] = new JsonObject { ["baseline"] = b.Baseline, ["score"] = Interval(b.BaselineScore), ["improvement"] = Interval(b.Improvement) };
        }

        if (report.CrossValidation is { } cv)
        {
            root["cross_validation"] = new JsonObject
            {
                ["metric"] = cv.Metric,
                ["folds"] = new JsonArray([.. cv.Folds.Select(f => Number(f))]),
                ["mean"] = Number(cv.Mean),
                ["std"] = Number(cv.StandardDeviation),
            };
        }

        root["segments"] = new JsonObject(report.Segments.Select(s => new KeyValuePair<string, JsonNode?>(s.Column, new JsonObject
        {
            ["metric"] = s.Metric,
            ["groups"] = new JsonObject(s.Groups.Select(g => new KeyValuePair<string, JsonNode?>(g.Value, new JsonObject
            {
                ["rows"] = g.Rows,
                ["score"] = g.Score is { } score ? Interval(score) : null,
                ["reason"] = g.Reason,
                ["mean_residual"] = g.MeanResidual is { } residual ? Number(residual) : null,
                ["small"] = g.Small,
            }))),
        })));

        if (report.Calibration is { } c)
        {
            root["calibration"] = new JsonObject
            {
                ["ece"] = Number(c.Curve.ExpectedCalibrationError),
                ["mce"] = Number(c.Curve.MaximumCalibrationError),
                ["brier"] = Number(c.Brier),
                ["bins"] = Bins(c.Curve),
                ["best"] = c.Best,
                ["calibrators"] = new JsonObject(c.Calibrators.Select(k => new KeyValuePair<string, JsonNode?>(k.Method, new JsonObject
                {
                    ["validation_rows"] = k.ValidationRows,
                    ["ece"] = Number(k.Curve.ExpectedCalibrationError),
                    ["brier"] = Number(k.Brier),
                    ["bins"] = Bins(k.Curve),
                }))),
            };
        }

        if (report.PredictionIntervals is { } p)
        {
            root["prediction_intervals"] = new JsonObject
            {
                ["method"] = "split_conformal",
                ["nominal_coverage"] = p.Interval.Nominal,
                ["validation_rows"] = p.Interval.ValidationRows,
                ["scale"] = Common.SnakeCase.From(p.Interval.Scale.ToString()),
                ["half_width"] = Number(p.Interval.HalfWidth),
                ["coverage"] = Interval(p.Coverage),
                ["median_width"] = Number(p.MedianWidth),
            };
        }

        if (!report.ResidualsOverTime.IsDefaultOrEmpty)
        {
            root["residuals_over_time"] = new JsonArray([.. report.ResidualsOverTime.Select(r => (JsonNode)new JsonObject
            {
                ["from"] = r.From.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["to"] = r.To.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["rows"] = r.Rows,
                ["mean_residual"] = Number(r.MeanResidual),
                ["mae"] = Number(r.MeanAbsoluteError),
            })]);
        }

        root["fairness"] = new JsonObject(report.Fairness.Select(f => new KeyValuePair<string, JsonNode?>(f.Attribute, new JsonObject
        {
            ["passes"] = f.Passes,
            ["groups"] = new JsonObject(f.Groups.Select(g => new KeyValuePair<string, JsonNode?>(g.Group, new JsonObject
            {
                ["rows"] = g.Rows,
                ["selection_rate"] = Number(g.SelectionRate),
                ["true_positive_rate"] = Number(g.TruePositiveRate),
                ["false_positive_rate"] = Number(g.FalsePositiveRate),
                ["ece"] = Number(g.ExpectedCalibrationError),
            }))),
            ["checks"] = new JsonObject(f.Checks.Select(k => new KeyValuePair<string, JsonNode?>(k.Name, new JsonObject
            {
                ["value"] = Interval(k.Value),
                ["limit"] = k.Limit,
                ["outcome"] = k.Outcome.ToString().ToLowerInvariant(),
            }))),
        })));

        root["worst_predictions"] = new JsonArray([.. report.Worst.Select(w => (JsonNode)new JsonObject
        {
            ["row"] = w.Row,
            ["actual"] = w.Actual,
            ["predicted"] = w.Predicted,
            ["loss"] = Number(w.Loss),
            ["features"] = new JsonObject(w.Features.Select(f => new KeyValuePair<string, JsonNode?>(f.Key, f.Value))),
        })]);
        root["curves"] = new JsonObject
        {
            ["roc"] = Points(report.Roc),
            ["precision_recall"] = Points(report.PrecisionRecall),
            ["residuals"] = Points(report.Residuals),
            ["predicted_vs_actual"] = Points(report.PredictedVsActual),
        };
        root["checks"] = new JsonArray([.. report.Checks.Select(k => (JsonNode)new JsonObject
        {
            ["name"] = k.Name,
            ["status"] = Common.SnakeCase.From(k.Status.ToString()),
            ["detail"] = k.Detail,
        })]);
        return root;
    }

    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static JsonObject Interval(Interval i) => new() { ["value"] = Number(i.Value), ["lower"] = Number(i.Lower), ["upper"] = Number(i.Upper) };

    private static JsonArray Bins(CalibrationCurve curve) => new([.. curve.Bins.Select(b => (JsonNode)new JsonObject
    {
        ["mean_predicted"] = Number(b.MeanPredicted),
        ["fraction_of_positives"] = Number(b.FractionOfPositives),
        ["count"] = b.Count,
    })]);

    private static JsonArray Points(IEnumerable<CurvePoint> points) => new([.. points.Select(p => (JsonNode)new JsonArray(Number(p.X), Number(p.Y)))]);
}
