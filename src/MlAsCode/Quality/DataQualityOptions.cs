using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;

namespace MlAsCode.Quality;

/// <summary>What to assess and against which gate.</summary>
public sealed record DataQualityOptions
{
    /// <summary>The target column (required).</summary>
    public required string Target { get; init; }

    /// <summary>The event-time column, for timeliness; without one the data's age is unknown.</summary>
    public string? TimeColumn { get; init; }

    /// <summary>The rows' event times when they are computed rather than read from a column (a computed
    /// <c>[EventTime]</c> such as <c>new DateTime(YearSold, MoSold, 1)</c>): timeliness is measured on them.</summary>
    public IReadOnlyList<DateTime>? EventTimes { get; init; }

    /// <summary>Columns left out of relevance (identifiers, protected attributes, free text); each must exist.</summary>
    public ImmutableArray<string> Exclude { get; init; } = [];

    /// <summary>Columns left out of relevance when the source has them (a feature set's protected properties may be
    /// computed rather than read).</summary>
    public ImmutableArray<string> ExcludeIfPresent { get; init; } = [];

    /// <summary>Validation rules: the accuracy dimension is their pass share.</summary>
    public ImmutableArray<ValidationRule> Rules { get; init; } = [];

    /// <summary>Minimum total out of 30 to proceed (the methodology's 18).</summary>
    public int Gate { get; init; } = 18;

    /// <summary>The clock timeliness is measured against.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Cell values that mean "missing".</summary>
    public ImmutableArray<string> MissingValues { get; init; } = ["", "NA", "N/A", "NaN", "null"];

    internal bool IsMissing(string cell)
    {
        var trimmed = cell.AsSpan().Trim();
        foreach (var token in MissingValues)
        {
            if (trimmed.Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// A check every non-missing value of a column must pass: a numeric range (<c>age:18..65</c>, either end may be left
/// open: <c>income:0..</c>) or a set of allowed values (<c>gender=Female|Male</c>).
/// </summary>
public sealed record ValidationRule(string Column, double? Min, double? Max, ImmutableArray<string> Allowed)
{
    /// <summary>Parses <c>COL:MIN..MAX</c> or <c>COL=a|b|c</c>.</summary>
    /// <exception cref="FormatException">The text is neither form; the message shows both.</exception>
    public static ValidationRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0)
        {
            var values = text[(equals + 1)..].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (values.Length > 0)
            {
                return new ValidationRule(text[..equals].Trim(), null, null, [.. values]);
            }
        }

        var colon = text.LastIndexOf(':');
        var dots = text.IndexOf("..", StringComparison.Ordinal);
        if (colon > 0 && dots > colon)
        {
            var min = text[(colon + 1)..dots].Trim();
            var max = text[(dots + 2)..].Trim();
            if (TryNumber(min, out var low) && TryNumber(max, out var high) && (low is not null || high is not null))
            {
                return new ValidationRule(text[..colon].Trim(), low, high, []);
            }
        }

        throw new FormatException($"Rule '{text}' is not COLUMN:MIN..MAX (e.g. age:18..65, income:0..) or COLUMN=a|b|c (e.g. gender=Female|Male).");
    }

    /// <summary>Whether a (non-missing) value passes.</summary>
    public bool Passes(string value)
    {
        if (!Allowed.IsDefaultOrEmpty)
        {
            return Allowed.Contains(value.Trim(), StringComparer.Ordinal);
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && (Min is not { } min || x >= min) && (Max is not { } max || x <= max);
    }

    /// <inheritdoc/>
    public override string ToString() => Allowed.IsDefaultOrEmpty
        ? $"{Column}:{Min?.ToString(CultureInfo.InvariantCulture)}..{Max?.ToString(CultureInfo.InvariantCulture)}"
        : $"{Column}={string.Join('|', Allowed)}";

    private static bool TryNumber(string text, out double? value)
    {
        value = null;
        if (text.Length == 0)
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x))
        {
            value = x;
            return true;
        }

        return false;
    }
}
