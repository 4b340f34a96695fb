using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlAsCode.Quality;

/// <summary>The six dimensions of the methodology's data quality assessment.</summary>
public enum QualityDimension
{
    /// <summary>Share of missing cells.</summary>
    Completeness,

    /// <summary>Pass share of the declared validation rules.</summary>
    Accuracy,

    /// <summary>Duplicates, type errors and format variants.</summary>
    Consistency,

    /// <summary>Age of the newest event.</summary>
    Timeliness,

    /// <summary>Univariate predictive power of the features for the target.</summary>
    Relevance,

    /// <summary>Samples per class (rows, for regression).</summary>
    Volume,
}

/// <summary>One dimension's score (0–5), the evidence behind it, and what would raise it.</summary>
/// <param name="Dimension">The dimension.</param>
/// <param name="Score">0 (terrible) to 5 (excellent), by the thresholds in docs/data-quality.md.</param>
/// <param name="Evidence">What was measured.</param>
/// <param name="Fix">The next step that would raise the score; empty at 5.</param>
/// <param name="Measured"><c>false</c> when the data cannot show this dimension (no rules, no time column) and the
/// score is the conservative default.</param>
public sealed record DimensionScore(QualityDimension Dimension, int Score, string Evidence, string Fix, bool Measured = true);

/// <summary>The assessment of one data source against the gate.</summary>
/// <param name="Source">The file or table assessed.</param>
/// <param name="Rows">Data rows read.</param>
/// <param name="Columns">Columns in the header.</param>
/// <param name="Target">The target column.</param>
/// <param name="Dimensions">The six scores, in the methodology's order.</param>
/// <param name="Gate">The minimum total to proceed.</param>
public sealed record DataQualityReport(string Source, int Rows, int Columns, string Target, ImmutableArray<DimensionScore> Dimensions, int Gate)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Sum of the measured dimensions' scores (a dimension the data cannot show counts nothing).</summary>
    public int Total => Dimensions.Where(d => d.Measured).Sum(d => d.Score);

    /// <summary>How many of the six dimensions were measured.</summary>
    public int MeasuredDimensions => Dimensions.Count(d => d.Measured);

    /// <summary>The score out of 30, scaled over the measured dimensions (Total ÷ 5 per measured dimension × 30): an
    /// unmeasured dimension neither helps nor hurts. 0 when nothing was measured.</summary>
    public double Scaled => MeasuredDimensions == 0 ? 0 : Math.Round(Total * 30.0 / (5 * MeasuredDimensions), 1);

    /// <summary>Whether the scaled score reaches the gate (out of 30).</summary>
    public bool Passes => MeasuredDimensions > 0 && Scaled >= Gate;

    /// <summary>The score of one dimension.</summary>
    public DimensionScore this[QualityDimension dimension] => Dimensions.Single(d => d.Dimension == dimension);

    /// <summary>The dimensions to fix first: lowest score first, measured ones before defaults.</summary>
    public ImmutableArray<DimensionScore> FixFirst =>
        [.. Dimensions.Where(d => d.Score < 5 || !d.Measured).OrderBy(d => d.Measured ? 0 : 1).ThenBy(d => d.Score).ThenBy(d => d.Dimension)];

    /// <summary>Throws <see cref="DataQualityException"/> when the total is below the gate, saying what to fix first.</summary>
    public void EnsurePasses()
    {
        if (!Passes)
        {
            throw new DataQualityException(this);
        }
    }

    /// <summary>The report as plain text (one line per dimension, then the total and the verdict).</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine($"Data quality of {Source} ({Rows} rows, {Columns} columns, target {Target})");
        foreach (var d in Dimensions)
        {
            text.AppendLine(d.Measured ? $"  {d.Dimension,-12} {d.Score}/5  {d.Evidence}" : $"  {d.Dimension,-12} not measured  {d.Evidence}");
            if (d.Fix.Length > 0)
            {
                text.AppendLine($"  {"",-12}      fix: {d.Fix}");
            }
        }

        text.AppendLine(System.FormattableString.Invariant(
            $"  {"Total",-12} {Scaled:0.#}/30 over {MeasuredDimensions} measured dimensions ({Total}/{5 * MeasuredDimensions}; gate {Gate}): {(Passes ? "proceed" : "fix the data first, do not build models yet")}"));
        return text.ToString();
    }

    /// <summary>The report as JSON (snake_case keys: source, rows, columns, target, dimensions[dimension, score,
    /// evidence, fix, measured], gate, total (the measured dimensions' sum), measured_dimensions, scaled (out of 30,
    /// over what was measured), passes).</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        Source,
        Rows,
        Columns,
        Target,
        Dimensions,
        Gate,
        Total,
        MeasuredDimensions,
        Scaled,
        Passes,
    }, Json);
}

/// <summary>Thrown when data scores below the quality gate: training refuses to start.</summary>
public sealed class DataQualityException : Exception
{
    /// <summary>Creates the exception from a failing report.</summary>
    public DataQualityException(DataQualityReport report)
        : base(Describe(report)) => Report = report;

    /// <summary>The report.</summary>
    public DataQualityReport? Report { get; }

    private static string Describe(DataQualityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var fixes = string.Join("; ", report.FixFirst.Take(3).Select(d => $"{d.Dimension} ({d.Score}/5): {d.Fix}"));
        return System.FormattableString.Invariant(
            $"{report.Source} scores {report.Scaled:0.#}/30 on data quality (over {report.MeasuredDimensions} measured dimensions), below the gate of {report.Gate}: fix the data before training. Fix first: {fixes}.");
    }
}
