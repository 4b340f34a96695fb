using System.Linq;
using System;
using System.IO;
using System.Text.Json;
using MlAsCode.Cli;

namespace MlAsCode.Cli.Tests;

public class AssessDataCommandTests
{
    private static (int Code, string Output, string Error) Run(params string[] args) => Mlac.Run(args);

    private static string Data(string file) => Path.Combine(AppContext.BaseDirectory, "data", file);

    [Fact]
    public void Telco_churn_prints_six_scores_with_evidence_and_proceeds()
    {
        var (code, output, error) = Run("assess-data", Data("telco_churn.csv"), "--target", "churn");
        Assert.Equal(MlacApp.Ok, code);
        Assert.Equal("", error);
        foreach (var dimension in new[] { "Completeness 5/5", "Accuracy     not measured", "Consistency  4/5", "Timeliness   not measured", "Relevance    5/5", "Volume       3/5" })
        {
            Assert.Contains(dimension, output);
        }

        Assert.Contains("22 exact duplicate row(s)", output);
        Assert.Contains("Total        25.5/30 over 4 measured dimensions (17/20; gate 18): proceed", output);
    }

    [Fact]
    public void Json_output_has_the_documented_keys_and_a_higher_gate_fails_with_exit_code_1()
    {
        var (code, output, _) = Run("assess-data", Data("hr_attrition.csv"), "--target", "Attrition", "--exclude", "Gender", "Age",
            "--rule", "OverTime=Yes|No", "--gate", "25", "--json");
        Assert.Equal(MlacApp.Findings, code);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("hr_attrition.csv", json.GetProperty("source").GetString());
        Assert.Equal(1470, json.GetProperty("rows").GetInt32());
        Assert.False(json.GetProperty("passes").GetBoolean());
        Assert.Equal(25, json.GetProperty("gate").GetInt32());
        // Timeliness is not measured (no time column): the gate is judged over the other five, 20 of 25 = 24 of 30.
        Assert.Equal((5, 24.0), (json.GetProperty("measured_dimensions").GetInt32(), json.GetProperty("scaled").GetDouble()));
        var dimensions = json.GetProperty("dimensions");
        Assert.Equal(6, dimensions.GetArrayLength());
        Assert.Equal("accuracy", dimensions[1].GetProperty("dimension").GetString());
        Assert.Equal(5, dimensions[1].GetProperty("score").GetInt32());
        Assert.True(dimensions[1].GetProperty("measured").GetBoolean());
        Assert.Equal("volume", dimensions[5].GetProperty("dimension").GetString());
        Assert.Contains("Yes 237", dimensions[5].GetProperty("evidence").GetString());
        Assert.Equal(json.GetProperty("total").GetInt32(), dimensions.EnumerateArray().Where(d => d.GetProperty("measured").GetBoolean()).Sum(d => d.GetProperty("score").GetInt32()));
    }

    [Fact]
    public void Usage_and_input_errors_exit_with_2_and_say_what_is_wrong()
    {
        var missingTarget = Run("assess-data", Data("telco_churn.csv"));
        Assert.Equal(MlacApp.UsageError, missingTarget.Code);
        Assert.Contains("--target", missingTarget.Error);

        var badColumn = Run("assess-data", Data("telco_churn.csv"), "--target", "churned");
        Assert.Equal(MlacApp.UsageError, badColumn.Code);
        Assert.Contains("'churned' is not in telco_churn.csv", badColumn.Error);

        var noFile = Run("assess-data", "missing.csv", "--target", "churn");
        Assert.Equal(MlacApp.UsageError, noFile.Code);
        Assert.Contains("No data file at", noFile.Error);

        var badRule = Run("assess-data", Data("telco_churn.csv"), "--target", "churn", "--rule", "tenure>0");
        Assert.Equal(MlacApp.UsageError, badRule.Code);
        Assert.Contains("COLUMN:MIN..MAX", badRule.Error);

        Assert.Equal(MlacApp.UsageError, Run().Code);
    }

    [Fact]
    public void Help_shows_a_runnable_example()
    {
        var (code, output, _) = Run("assess-data", "--help");
        Assert.Equal(MlacApp.Ok, code);
        Assert.Contains("Example: mlac assess-data samples/Churn/data/telco_churn.csv --target churn", output);
        Assert.Contains("--time-column", output);
    }
}

public class AssessDataArgumentTests
{
    [Fact]
    public void A_gate_outside_zero_to_thirty_and_an_unknown_exclusion_are_usage_errors()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var data = Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv");
        Assert.Equal(MlacApp.UsageError, MlacApp.Run(["assess-data", data, "--target", "churn", "--gate", "31"], output, error));
        Assert.Contains("between 0 and 30", error.ToString());
        Assert.Equal(MlacApp.UsageError, MlacApp.Run(["assess-data", data, "--target", "churn", "--exclude", "zipcode"], output, error));
        Assert.Contains("'zipcode' is not in telco_churn.csv", error.ToString());
    }
}

public class AssessDataTimelinessTests
{
    [Fact]
    public void As_of_measures_the_age_of_the_newest_event_in_the_time_column()
    {
        var data = Path.Combine(AppContext.BaseDirectory, "data", "chicago_ridership.csv");
        var output = new StringWriter();
        var error = new StringWriter();
        // The newest day is 2016-08-28: a day later it is fresh, ten years later it is stale.
        Assert.Equal(MlacApp.Ok, MlacApp.Run(["assess-data", data, "--target", "ridership", "--time-column", "date", "--as-of", "2016-08-29"], output, error));
        Assert.Contains("Timeliness   5/5  newest event 2016-08-28 00:00 UTC is 1 day old (as of 2016-08-29)", output.ToString());
        output.GetStringBuilder().Clear();
        MlacApp.Run(["assess-data", data, "--target", "ridership", "--time-column", "date", "--as-of", "2026-11-26"], output, error);
        Assert.Contains("Timeliness   0/5", output.ToString());
        Assert.Equal("", error.ToString());
    }
}
