using System;
using System.Globalization;

namespace MlAsCode.Features.Fitting;

/// <summary>A rolling window written as a positive number and a unit: <c>m</c>, <c>h</c>, <c>d</c> or <c>w</c> ("30d").</summary>
internal static class TimeWindow
{
    /// <exception cref="ArgumentException">Missing, not positive, or an unknown unit.</exception>
    public static TimeSpan Parse(string property, string? window)
    {
        if (window is { Length: >= 2 }
            && int.TryParse(window.AsSpan(0, window.Length - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount)
            && amount > 0)
        {
            switch (window[^1])
            {
                case 'm': return TimeSpan.FromMinutes(amount);
                case 'h': return TimeSpan.FromHours(amount);
                case 'd': return TimeSpan.FromDays(amount);
                case 'w': return TimeSpan.FromDays(7 * amount);
            }
        }

        throw new ArgumentException($"Feature {property}: Window must be a positive whole number and a unit m, h, d or w (for example \"30d\"), not \"{window}\".", nameof(window));
    }
}
