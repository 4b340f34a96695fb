using System;
using MlAsCode.Framing;

namespace MlAsCode.Tests.Framing;

public class TrivialBaselineTests
{
    [Fact]
    public void Majority_class_is_the_most_frequent_label()
    {
        // The telco churn split: 5,174 "No" against 1,869 "Yes".
        var labels = new string[7043];
        Array.Fill(labels, "No", 0, 5174);
        Array.Fill(labels, "Yes", 5174, 1869);

        Assert.Equal("No", TrivialBaseline.MajorityClass(labels));
    }

    [Fact]
    public void Majority_class_ties_are_broken_by_ordinal_order_not_row_order()
    {
        Assert.Equal("a", TrivialBaseline.MajorityClass(["b", "a", "b", "a"]));
        Assert.Equal("a", TrivialBaseline.MajorityClass(["a", "b", "a", "b"]));
    }

    [Fact]
    public void Majority_class_refuses_empty_and_null_labels()
    {
        Assert.Contains("at least one", Assert.Throws<ArgumentException>(() => TrivialBaseline.MajorityClass([])).Message);
        Assert.Contains("row 1", Assert.Throws<ArgumentException>(() => TrivialBaseline.MajorityClass(["a", null!])).Message);
    }

    [Fact]
    public void Mean_and_median_of_training_targets()
    {
        double[] targets = [3, 1, 4, 1, 5, 9, 2, 6];

        Assert.Equal(31.0 / 8, TrivialBaseline.Mean(targets), 12);
        Assert.Equal(3.5, TrivialBaseline.Median(targets));
        Assert.Equal(4, TrivialBaseline.Median([9, 4, 1]));
    }

    [Fact]
    public void Median_ignores_an_outlier_the_mean_follows()
    {
        double[] targets = [10, 11, 12, 13, 1_000];

        Assert.Equal(12, TrivialBaseline.Median(targets));
        Assert.Equal(209.2, TrivialBaseline.Mean(targets), 12);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Non_finite_targets_are_refused_with_their_row(double bad)
    {
        var error = Assert.Throws<ArgumentException>(() => TrivialBaseline.Mean([1, 2, bad]));
        Assert.Contains("row 2", error.Message);
        Assert.Throws<ArgumentException>(() => TrivialBaseline.Median(ReadOnlySpan<double>.Empty));
    }
}
