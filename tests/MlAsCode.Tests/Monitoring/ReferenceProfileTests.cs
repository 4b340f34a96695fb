using System;
using System.Collections.Generic;
using System.Linq;
using MlAsCode.Monitoring;

namespace MlAsCode.Tests.Monitoring;

public class ReferenceProfileTests
{
    [Fact]
    public void Numbers_categories_and_booleans_are_profiled_and_dates_are_left_out()
    {
        var days = Enumerable.Range(0, 40).Select(i => new DateTime(2024, 1, 1).AddDays(i)).ToArray();
        var columns = new Dictionary<string, IReadOnlyList<object?>>(StringComparer.Ordinal)
        {
            ["amount"] = [.. Enumerable.Range(0, 40).Select(i => (object?)(i * 0.1f))],
            ["plan"] = [.. Enumerable.Range(0, 40).Select(i => (object?)(i % 4 == 0 ? "gold" : "basic"))],
            ["paperless"] = [.. Enumerable.Range(0, 40).Select(i => (object?)(i % 2 == 0))],
            ["signed_on"] = [.. days.Select(d => (object?)d)],
        };
        var profile = ReferenceProfile.Create(columns, [.. Enumerable.Range(0, 40).Select(i => i / 40.0)]);

        // Served dates are always later than the training ones: a date input would be "drift" forever, so it is not profiled.
        Assert.Equal(["amount", "paperless", "plan"], profile.Columns.Select(c => c.Name).Order(StringComparer.Ordinal));
        var amount = profile.Columns.Single(c => c.Name == "amount");
        Assert.Equal(Drift.Canonical(0.1f * 7), amount.Numbers[7]);
        Assert.Equal(0.25, profile.Columns.Single(c => c.Name == "plan").Categories!["gold"]);
        Assert.Equal(0.5, profile.Columns.Single(c => c.Name == "paperless").Categories!["true"]);
        Assert.Equal(40, profile.Predictions.Length);
    }
}
