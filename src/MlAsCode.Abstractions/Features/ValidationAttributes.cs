using System;

namespace MlAsCode;

/// <summary>
/// The range every value of the column must fall in (inclusive). The data quality gate's accuracy dimension is the
/// pass share of these rules (<c>YourRecord.Features.AssessQuality(path)</c>).
/// </summary>
/// <example><c>[ValidRange(0, 120)] public int Age { get; init; }</c></example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ValidRangeAttribute : Attribute
{
    /// <summary>Declares the range.</summary>
    /// <param name="min">Smallest valid value.</param>
    /// <param name="max">Largest valid value.</param>
    public ValidRangeAttribute(double min, double max)
    {
        Min = min;
        Max = max;
    }

    /// <summary>Smallest valid value.</summary>
    public double Min { get; }

    /// <summary>Largest valid value.</summary>
    public double Max { get; }
}

/// <summary>The only values the column may hold (compared exactly, after trimming spaces).</summary>
/// <example><c>[ValidValues("Month-to-month", "One year", "Two year")] public string Contract { get; init; } = "";</c></example>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ValidValuesAttribute : Attribute
{
    /// <summary>Declares the values.</summary>
    public ValidValuesAttribute(params string[] values) => Values = values ?? [];

    /// <summary>The valid values.</summary>
    public string[] Values { get; }
}
