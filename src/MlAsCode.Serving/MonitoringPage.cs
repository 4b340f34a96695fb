using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace MlAsCode.Serving;

/// <summary><c>GET /monitoring/page</c>: each monitored service's latest check as HTML, drift per input as SVG bars.</summary>
internal static class MonitoringPage
{
    public static string Write(IEnumerable<MonitoringState> states)
    {
        var h = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Model monitoring</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px}")
            .Append(".ok{color:#1a7f37}.warning{color:#9a6700}.critical{color:#c0392b;font-weight:bold}</style></head><body><h1>Model monitoring</h1>");
        foreach (var s in states)
        {
            h.Append("<h2>").Append(E(s.Service)).Append(" <span class=\"").Append(s.Status).Append("\">").Append(s.Status).Append("</span></h2>");
            h.Append("<p>").Append(E(FormattableStringInvariant($"Checked {s.CheckedAt:u} over the last {s.Predictions} predictions; fallback rate {s.FallbackRate:P1}, model failure rate {s.ModelFailureRate:P1}")));
            if (s.LatencyMs is { } l)
            {
                h.Append(E(FormattableStringInvariant($"; latency p50 {l.P50:0.00} ms, p95 {l.P95:0.00} ms, p99 {l.P99:0.00} ms")));
            }

            h.Append(".</p>");
            if (s.Problem is { } problem)
            {
                h.Append("<p class=\"warning\">").Append(E(problem)).Append("</p>");
            }

            if (s.PerformanceCheck is { } performance)
            {
                h.Append("<p>Performance on posted outcomes: ").Append(E(performance.Note)).Append(".</p>");
            }

            if (s.Drift.Count > 0)
            {
                var rows = s.Drift.Select(d => (d.Key, d.Value)).Concat(s.PredictionDrift is { } p ? [("predictions (KL)", p)] : []).ToList();
                var max = System.Math.Max(0.3, rows.Max(r => r.Value));
                const int width = 300, row = 20;
                h.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" role=\"img\" aria-label=\"Drift by input\" width=\"{width + 200}\" height=\"{(rows.Count * row) + 10}\" font-size=\"12\">");
                for (var i = 0; i < rows.Count; i++)
                {
                    var (name, value) = rows[i];
                    var color = value > 0.25 ? "#c0392b" : value > 0.1 ? "#e6a700" : "#1f77b4";
                    var y = (i * row) + 5;
                    h.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 13}\">{E(name)}</text>");
                    h.Append(CultureInfo.InvariantCulture, $"<rect class=\"series\" x=\"160\" y=\"{y}\" width=\"{System.Math.Max(1, value / max * width):0.#}\" height=\"{row - 6}\" fill=\"{color}\"/>");
                    h.Append(CultureInfo.InvariantCulture, $"<text x=\"{165 + (value / max * width):0.#}\" y=\"{y + 13}\">{value:0.000}</text>");
                }

                h.Append("</svg>");
            }

            if (s.Findings.Length > 0)
            {
                h.Append("<table><tr><th>finding</th><th>on</th><th>severity</th><th>value</th><th>response</th></tr>");
                foreach (var f in s.Findings)
                {
                    h.Append("<tr><td>").Append(E(f.Kind)).Append("</td><td>").Append(E(f.Subject)).Append("</td><td class=\"").Append(f.Severity).Append("\">").Append(f.Severity)
                        .Append("</td><td>").Append(f.Value.ToString("0.000", CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(f.Response)).Append("</td></tr>");
                }

                h.Append("</table>");
            }
        }

        return h.Append("</body></html>").ToString();
    }

    private static string FormattableStringInvariant(System.FormattableString s) => System.FormattableString.Invariant(s);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
