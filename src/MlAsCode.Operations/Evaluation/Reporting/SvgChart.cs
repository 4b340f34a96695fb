using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace MlAsCode.Evaluation.Reporting;

/// <summary>A named series of points for a chart.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<CurvePoint> Points);

/// <summary>
/// Plots written directly as SVG text: line charts (ROC, precision–recall, reliability), scatter plots (residuals) and
/// overlaid histograms (score distributions by group).
/// </summary>
/// <remarks>
/// Written here rather than with ScottPlot because a report needs four kinds of plot with axes and a legend, and SVG
/// text embeds in HTML as it is: no native graphics library (ScottPlot renders through SkiaSharp's native assets), no
/// fonts to install on a headless server, byte-identical output for the same numbers, and a few kilobytes per plot
/// that stay sharp when zoomed or printed.
/// </remarks>
public static class SvgChart
{
    private const int Width = 460, Height = 320, Left = 56, Right = 16, Top = 34, Bottom = 48;
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    /// <summary>Line chart; <paramref name="diagonal"/> draws the y = x reference (a random classifier's ROC, perfect
    /// calibration).</summary>
    public static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series, bool diagonal = false,
        (double Min, double Max)? x = null, (double Min, double Max)? y = null, bool markers = false)
    {
        var all = series.SelectMany(s => s.Points).ToList();
        var xr = x ?? Range(all.Select(p => p.X));
        var yr = y ?? Range(all.Select(p => p.Y));
        var plot = new Plot(title, xLabel, yLabel, xr, yr);
        if (diagonal)
        {
            var lo = Math.Max(xr.Min, yr.Min);
            var hi = Math.Min(xr.Max, yr.Max);
            plot.Path([new CurvePoint(lo, lo), new CurvePoint(hi, hi)], "#999", dashed: true);
        }

        for (var i = 0; i < series.Count; i++)
        {
            var color = Palette[i % Palette.Length];
            plot.Path(series[i].Points, color);
            if (markers)
            {
                plot.Markers(series[i].Points, color);
            }
        }

        return plot.Finish(series.Select(s => s.Name).ToList());
    }

    /// <summary>Scatter plot, with a horizontal line at y = 0 (residuals).</summary>
    /// <remarks>With <paramref name="diagonal"/>, both axes share one range and the line y = x is drawn (predicted vs actual).</remarks>
    public static string Scatter(string title, string xLabel, string yLabel, IReadOnlyList<CurvePoint> points, bool zeroLine = true, bool diagonal = false)
    {
        var xr = Range(diagonal ? points.SelectMany(p => new[] { p.X, p.Y }) : points.Select(p => p.X));
        var yr = diagonal ? xr : Range(zeroLine ? points.Select(p => p.Y).Append(0) : points.Select(p => p.Y));
        var plot = new Plot(title, xLabel, yLabel, xr, yr);
        if (zeroLine)
        {
            plot.Path([new CurvePoint(xr.Min, 0), new CurvePoint(xr.Max, 0)], "#999", dashed: true);
        }

        if (diagonal)
        {
            plot.Path([new CurvePoint(xr.Min, xr.Min), new CurvePoint(xr.Max, xr.Max)], "#999", dashed: true);
        }

        plot.Markers(points, Palette[0], radius: 1.6, opacity: 0.45);
        return plot.Finish([]);
    }

    /// <summary>Overlaid histograms, one outline per group, each normalized to its own row count (share of the
    /// group's rows per bin) so groups of different sizes compare.</summary>
    public static string Histogram(string title, string xLabel, IReadOnlyList<(string Group, IReadOnlyList<double> Values)> groups, int bins = 20,
        (double Min, double Max)? range = null)
    {
        var values = groups.SelectMany(g => g.Values).Where(double.IsFinite).ToList();
        var (lo, hi) = range ?? Range(values);
        var width = (hi - lo) / bins;
        var series = new List<ChartSeries>();
        foreach (var (group, groupValues) in groups)
        {
            var counts = new double[bins];
            var n = 0;
            foreach (var v in groupValues.Where(double.IsFinite))
            {
                counts[Math.Clamp((int)((v - lo) / width), 0, bins - 1)]++;
                n++;
            }

            var points = new List<CurvePoint> { new(lo, 0) };
            for (var b = 0; b < bins; b++)
            {
                var share = n == 0 ? 0 : counts[b] / n;
                points.Add(new CurvePoint(lo + (b * width), share));
                points.Add(new CurvePoint(lo + ((b + 1) * width), share));
            }

            points.Add(new CurvePoint(hi, 0));
            series.Add(new ChartSeries($"{group} (n={n})", points));
        }

        var top = series.SelectMany(s => s.Points).Select(p => p.Y).DefaultIfEmpty(1).Max();
        return Lines(title, xLabel, "share of group", series, x: (lo, hi), y: (0, top <= 0 ? 1 : top * 1.1));
    }

    private static (double Min, double Max) Range(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0)
        {
            return (0, 1);
        }

        var (min, max) = (finite.Min(), finite.Max());
        if (max - min < 1e-12)
        {
            return (min - 0.5, max + 0.5);
        }

        var pad = (max - min) * 0.04;
        return (min - pad, max + pad);
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Label(double v)
    {
        var a = Math.Abs(v);
        return a != 0 && (a >= 1e5 || a < 1e-3) ? v.ToString("0.##E0", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture);
    }

    // "Nice" tick positions (1, 2, 5 × 10^k) covering the range.
    private static IEnumerable<double> Ticks(double min, double max)
    {
        var raw = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        for (var t = Math.Ceiling(min / step) * step; t <= max + (step * 1e-9); t += step)
        {
            yield return Math.Abs(t) < step * 1e-9 ? 0 : t;
        }
    }

    private sealed class Plot
    {
        private readonly StringBuilder _svg = new();
        private readonly (double Min, double Max) _x, _y;

        public Plot(string title, string xLabel, string yLabel, (double Min, double Max) x, (double Min, double Max) y)
        {
            (_x, _y) = (x, y);
            var name = WebUtility.HtmlEncode(title);
            _svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{name}\" font-family=\"sans-serif\" font-size=\"11\">");
            _svg.Append(CultureInfo.InvariantCulture, $"<title>{name}</title><rect width=\"{Width}\" height=\"{Height}\" fill=\"#fff\"/>");
            _svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"18\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">{name}</text>");
            foreach (var t in Ticks(x.Min, x.Max))
            {
                var px = F(X(t));
                _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{px}\" y1=\"{Top}\" x2=\"{px}\" y2=\"{Height - Bottom}\" stroke=\"#eee\"/><text x=\"{px}\" y=\"{Height - Bottom + 14}\" text-anchor=\"middle\">{Label(t)}</text>");
            }

            foreach (var t in Ticks(y.Min, y.Max))
            {
                var py = F(Y(t));
                _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{py}\" x2=\"{Width - Right}\" y2=\"{py}\" stroke=\"#eee\"/><text x=\"{Left - 4}\" y=\"{py}\" text-anchor=\"end\" dominant-baseline=\"middle\">{Label(t)}</text>");
            }

            _svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" fill=\"none\" stroke=\"#333\"/>");
            _svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 10}\" text-anchor=\"middle\">{WebUtility.HtmlEncode(xLabel)}</text>");
            _svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(14 {(Top + Height - Bottom) / 2}) rotate(-90)\" text-anchor=\"middle\">{WebUtility.HtmlEncode(yLabel)}</text>");
        }

        private double X(double v) => Left + ((Math.Clamp(v, _x.Min, _x.Max) - _x.Min) / (_x.Max - _x.Min) * (Width - Left - Right));

        private double Y(double v) => Height - Bottom - ((Math.Clamp(v, _y.Min, _y.Max) - _y.Min) / (_y.Max - _y.Min) * (Height - Top - Bottom));

        public void Path(IReadOnlyList<CurvePoint> points, string color, bool dashed = false)
        {
            var finite = points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
            if (finite.Count < 2)
            {
                return;
            }

            _svg.Append("<path class=\"series\" fill=\"none\" stroke=\"").Append(color).Append("\" stroke-width=\"").Append(dashed ? "1" : "2").Append('"');
            if (dashed)
            {
                _svg.Append(" stroke-dasharray=\"4 3\"");
            }

            _svg.Append(" d=\"");
            for (var i = 0; i < finite.Count; i++)
            {
                _svg.Append(i == 0 ? 'M' : 'L').Append(F(X(finite[i].X))).Append(' ').Append(F(Y(finite[i].Y)));
            }

            _svg.Append("\"/>");
        }

        public void Markers(IReadOnlyList<CurvePoint> points, string color, double radius = 3, double opacity = 1)
        {
            _svg.Append(CultureInfo.InvariantCulture, $"<g class=\"series\" fill=\"{color}\" fill-opacity=\"{F(opacity)}\">");
            foreach (var p in points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)))
            {
                _svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(p.X))}\" cy=\"{F(Y(p.Y))}\" r=\"{F(radius)}\"/>");
            }

            _svg.Append("</g>");
        }

        public string Finish(IReadOnlyList<string> legend)
        {
            if (legend.Count > 0)
            {
                // A backdrop so the legend stays readable over the curves it sits on.
                _svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Width - Right - 156}\" y=\"{Top + 3}\" width=\"152\" height=\"{(legend.Count * 15) + 4}\" fill=\"#fff\" fill-opacity=\"0.85\" stroke=\"#ccc\"/>");
            }

            for (var i = 0; i < legend.Count; i++)
            {
                var y = Top + 12 + (i * 15);
                _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Width - Right - 150}\" y1=\"{y}\" x2=\"{Width - Right - 134}\" y2=\"{y}\" stroke=\"{Palette[i % Palette.Length]}\" stroke-width=\"3\"/>");
                _svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right - 130}\" y=\"{y}\" dominant-baseline=\"middle\">{WebUtility.HtmlEncode(legend[i])}</text>");
            }

            return _svg.Append("</svg>").ToString();
        }
    }
}
