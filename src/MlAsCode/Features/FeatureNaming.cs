using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace MlAsCode.Features;

/// <summary>
/// The methodology's feature-store naming convention: <c>{entity}_{feature_name}_{window}_{aggregation}</c> in lower snake
/// case, e.g. <c>customer_support_tickets_30d_sum</c>, <c>customer_tenure_standardized</c>; one-hot columns append the
/// level (<c>customer_contract_month_to_month</c>).
/// </summary>
public static partial class FeatureNaming
{
    /// <summary>Lower snake case: words of letters and digits joined by single underscores.</summary>
    public static bool IsSnakeCase(string name) => SnakeCase().IsMatch(name);

    /// <summary>Whether <paramref name="name"/> follows the convention for <paramref name="entity"/>.</summary>
    public static bool Follows(string name, string entity) =>
        IsSnakeCase(name) && name.StartsWith(ToSnakeCase(entity) + "_", StringComparison.Ordinal) && name.Length > entity.Length + 1;

    /// <summary>
    /// Converts an identifier or a category level to lower snake case: <c>MonthlyCharges</c> → <c>monthly_charges</c>,
    /// <c>HTTPStatus</c> → <c>http_status</c>, <c>Bank transfer (automatic)</c> → <c>bank_transfer_automatic</c>.
    /// Text with no letters or digits becomes <c>blank</c>.
    /// </summary>
    public static string ToSnakeCase(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return MlAsCode.Common.SnakeCase.From(text);
    }

    /// <summary>Composes a name from its parts; empty parts are left out.</summary>
    public static string Compose(string entity, string feature, string? window = null, string? aggregation = null)
    {
        var parts = new List<string> { ToSnakeCase(entity), ToSnakeCase(feature) };
        if (!string.IsNullOrEmpty(window))
        {
            parts.Add(ToSnakeCase(window));
        }

        if (!string.IsNullOrEmpty(aggregation))
        {
            parts.Add(ToSnakeCase(aggregation));
        }

        return string.Join("_", parts);
    }

    /// <summary>
    /// Makes level names unique after snake-casing (<c>A-B</c> and <c>A B</c> both become <c>a_b</c>): later
    /// duplicates get <c>_2</c>, <c>_3</c>….
    /// </summary>
    internal static List<string> Unique(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var name in names)
        {
            var candidate = name;
            for (var n = 2; !seen.Add(candidate); n++)
            {
                candidate = $"{name}_{n}";
            }

            result.Add(candidate);
        }

        return result;
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SnakeCase();
}
