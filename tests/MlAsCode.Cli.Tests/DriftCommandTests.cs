using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlAsCode.Cli;

namespace MlAsCode.Cli.Tests;

/// <summary><c>mlac drift</c> on files written from scipy's reference cases (reference_metrics.json).</summary>
public sealed class DriftCommandTests : IDisposable
{
    private static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "reference_metrics.json"))).RootElement.GetProperty("cases").GetProperty("drift");
    private readonly string _folder = Directory.CreateTempSubdirectory("mlac-drift-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Output, string Error) Run(params string[] args) => Mlac.Run(args);

    // One numeric column from the case's samples and one categorical column with the case's counts ("a", "b", "c"),
    // padded with missing values to the longer file's length.
    private (string Reference, string Current) Files(JsonElement @case)
    {
        string Write(string name, double[] values, long[] counts)
        {
            var categories = counts.SelectMany((n, k) => Enumerable.Repeat(((char)('a' + k)).ToString(), (int)n)).ToArray();
            var rows = Math.Max(values.Length, categories.Length);
            var path = Path.Combine(_folder, name);
            File.WriteAllLines(path, ["amount,plan", .. Enumerable.Range(0, rows).Select(i =>
                $"{(i < values.Length ? values[i].ToString("R", CultureInfo.InvariantCulture) : "")},{(i < categories.Length ? categories[i] : "NA")}")]);
            return path;
        }

        var categorical = @case.GetProperty("categorical");
        return (
            Write("reference.csv", [.. @case.GetProperty("reference").EnumerateArray().Select(v => v.GetDouble())], [.. categorical.GetProperty("reference_counts").EnumerateArray().Select(v => v.GetInt64())]),
            Write("current.csv", [.. @case.GetProperty("current").EnumerateArray().Select(v => v.GetDouble())], [.. categorical.GetProperty("current_counts").EnumerateArray().Select(v => v.GetInt64())]));
    }

    [Fact]
    public void Json_has_every_statistic_per_column_matching_scipy()
    {
        foreach (var @case in Cases.EnumerateArray())
        {
            var (reference, current) = Files(@case);
            var (code, output, error) = Run("drift", reference, current, "--json");
            var amount = JsonDocument.Parse(output).RootElement.GetProperty("columns").GetProperty("amount");
            var plan = JsonDocument.Parse(output).RootElement.GetProperty("columns").GetProperty("plan");
            var expected = @case.GetProperty("expected");
            Assert.Equal(expected.GetProperty("ks_statistic").GetDouble(), amount.GetProperty("ks_statistic").GetDouble(), 9);
            Assert.Equal(expected.GetProperty("ks_p_value").GetDouble(), amount.GetProperty("ks_p_value").GetDouble(), 9);
            Assert.Equal(expected.GetProperty("psi_10_reference_quantile_bins_eps_1e-4").GetDouble(), amount.GetProperty("psi").GetDouble(), 9);
            Assert.Equal(expected.GetProperty("js_distance_base2_same_bins").GetDouble(), amount.GetProperty("js_distance").GetDouble(), 9);
            var chi2 = @case.GetProperty("categorical").GetProperty("expected");
            Assert.Equal(chi2.GetProperty("chi2_contingency_statistic").GetDouble(), plan.GetProperty("chi2").GetDouble(), 9);
            Assert.Equal(chi2.GetProperty("chi2_p_value").GetDouble(), plan.GetProperty("chi2_p_value").GetDouble(), 9);
            Assert.Equal("categorical", plan.GetProperty("kind").GetString());
            // The severity combines the statistics: PSI bands first, then a test under p = 0.001 with an effect of at
            // least 0.05 (KS statistic, or JS distance for categories) is a warning.
            var psi = amount.GetProperty("psi").GetDouble();
            var (ksP, ksD) = (amount.GetProperty("ks_p_value").GetDouble(), amount.GetProperty("ks_statistic").GetDouble());
            var expectedSeverity = psi > 0.25 ? "critical" : psi > 0.1 ? "warning" : ksP < 0.001 && ksD >= 0.05 ? "warning" : "none";
            Assert.Equal(expectedSeverity, amount.GetProperty("severity").GetString());
            Assert.Equal(psi > 0.1 ? "psi" : expectedSeverity == "warning" ? "ks" : null, amount.GetProperty("severity_driver").GetString());
            var findings = expectedSeverity != "none" || plan.GetProperty("severity").GetString() != "none";
            Assert.True(code == (findings ? MlacApp.Findings : MlacApp.Ok), error);
        }
    }

    [Fact]
    public void Correction_adds_adjusted_p_values_and_text_lists_every_column()
    {
        var (reference, current) = Files(Cases[1]);
        var (_, output, _) = Run("drift", reference, current, "--json", "--correct");
        var columns = JsonDocument.Parse(output).RootElement.GetProperty("columns");
        var ks = columns.GetProperty("amount").GetProperty("ks_p_value").GetDouble();
        var chi = columns.GetProperty("plan").GetProperty("chi2_p_value").GetDouble();
        // Benjamini-Hochberg with two tests: the larger p-value stays, the smaller doubles but never passes the larger.
        Assert.Equal(Math.Max(ks, chi), Math.Max(columns.GetProperty("amount").GetProperty("p_value_adjusted").GetDouble(), columns.GetProperty("plan").GetProperty("p_value_adjusted").GetDouble()), 12);
        Assert.Equal(Math.Min(Math.Min(ks, chi) * 2, Math.Max(ks, chi)), Math.Min(columns.GetProperty("amount").GetProperty("p_value_adjusted").GetDouble(), columns.GetProperty("plan").GetProperty("p_value_adjusted").GetDouble()), 12);

        var (_, text, _) = Run("drift", reference, current);
        Assert.Contains("amount", text);
        Assert.Contains("plan", text);
        Assert.Contains("2 shared columns", text);
    }

    [Fact]
    public void Bad_input_exits_2_with_the_reason()
    {
        var (reference, _) = Files(Cases[0]);
        var other = Path.Combine(_folder, "other.csv");
        File.WriteAllLines(other, ["x,y", "1,2"]);
        var (code, _, error) = Run("drift", reference, other);
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("share no column", error);

        (code, _, error) = Run("drift", reference, Path.Combine(_folder, "missing.csv"));
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("No file at", error);
    }

    // A served model's prediction log written from the churn data's own rows: every other customer as a request.
    private string Log(string name, Func<int, string[], bool> keep, Func<int, string>? line = null)
    {
        using var reader = new StreamReader(Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv"));
        var csv = new MlAsCode.Data.Csv.CsvReader(reader, "telco_churn.csv");
        var header = csv.Read()!.Fields.ToList();
        var lines = new System.Collections.Generic.List<string>();
        var row = 0;
        while (csv.Read() is { } record)
        {
            var fields = record.Fields.ToArray();
            if (keep(row++, fields))
            {
                string F(string column) => fields[header.IndexOf(column)];
                var inputs = new System.Text.Json.Nodes.JsonObject
                {
                    ["tenure"] = double.Parse(F("tenure"), CultureInfo.InvariantCulture),
                    ["partner"] = F("partner") == "1",
                    ["contract"] = F("contract"),
                    ["total_charges"] = double.TryParse(F("total_charges"), CultureInfo.InvariantCulture, out var total) ? total : null,
                };
                lines.Add(new System.Text.Json.Nodes.JsonObject
                {
                    ["time"] = "2026-11-20T10:00:00.0000000+00:00", ["service"] = "Churn", ["model_version"] = "1.0.0", ["arm"] = null,
                    ["inputs"] = inputs, ["output"] = new System.Text.Json.Nodes.JsonObject { ["probability"] = 0.25 }, ["source"] = "model", ["latency_ms"] = 1.5,
                }.ToJsonString());
            }
        }

        if (line is not null)
        {
            lines.Insert(1, line(2));
        }

        var path = Path.Combine(_folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void A_prediction_log_is_compared_by_its_inputs_with_booleans_as_0_1()
    {
        var data = Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv");
        var same = Log("same.jsonl", (i, _) => i % 2 == 0);
        var (code, output, error) = Run("drift", data, same, "--json");
        Assert.True(code == MlacApp.Ok, output + error);
        var columns = JsonDocument.Parse(output).RootElement.GetProperty("columns");
        Assert.Equal(["contract", "partner", "tenure", "total_charges"], columns.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        // true/false in the requests and 1/0 in the CSV are the same values: a numeric column without drift.
        Assert.Equal("numeric", columns.GetProperty("partner").GetProperty("kind").GetString());
        Assert.True(columns.GetProperty("partner").GetProperty("psi").GetDouble() < 0.01, output);
        // Every other one of 7,043 customers; a null total_charges is a missing value, as NA is in the CSV.
        Assert.Equal(3522, columns.GetProperty("tenure").GetProperty("current_rows").GetInt32());
        Assert.Equal(7043 - 11, columns.GetProperty("total_charges").GetProperty("reference_rows").GetInt32());
        Assert.True(columns.GetProperty("total_charges").GetProperty("current_rows").GetInt32() < 3522, output);

        // Only month-to-month customers served this week: the contract mix has shifted.
        var shifted = Log("shifted.jsonl", (_, f) => f[15] == "Month-to-month");
        (code, output, _) = Run("drift", data, shifted, "--json");
        Assert.Equal(MlacApp.Findings, code);
        Assert.Equal("critical", JsonDocument.Parse(output).RootElement.GetProperty("columns").GetProperty("contract").GetProperty("severity").GetString());
    }

    [Fact]
    public void A_damaged_prediction_log_names_the_line()
    {
        var data = Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv");
        var (code, _, error) = Run("drift", data, Log("broken.jsonl", (i, _) => i < 5, _ => "{\"time\": \"2026-11-20\""));
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("broken.jsonl, line 2: not a JSON prediction record", error);

        (code, _, error) = Run("drift", data, Log("no-inputs.jsonl", (i, _) => i < 5, _ => "{\"time\": \"2026-11-20\", \"output\": {}}"));
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("no-inputs.jsonl, line 2: no \"inputs\" object", error);

        // Valid JSON, but not a record.
        (code, _, error) = Run("drift", data, Log("array.jsonl", (i, _) => i < 5, _ => "[1, 2]"));
        Assert.Equal(MlacApp.UsageError, code);
        Assert.Contains("array.jsonl, line 2: not a JSON prediction record (expected an object, found Array)", error);
    }
}

/// <summary>A county export's row: PascalCase headers, and one column whose name the property does not share.</summary>
[FeatureSet(Entity = "sale")]
public sealed record AmesSale
{
    [Target] public float SalePrice { get; init; }

    [Feature] public float LivingArea { get; init; }

    [Feature] [Column("TotRms_AbvGrd")] public int TotalRooms { get; init; }

    [Feature(Transform.OneHot)] public string Neighborhood { get; init; } = "";
}

/// <summary>The naming contract: a training CSV in the source's names against a prediction log in the field names.</summary>
public sealed class DriftNamingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlac-drift-names-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_feature_set_from_a_built_assembly_maps_the_csv_names_to_the_logged_field_names()
    {
        var random = new Random(9);
        string[] neighborhoods = ["NAmes", "CollgCr", "OldTown"];
        var rows = Enumerable.Range(0, 600).Select(_ => (Area: 700 + random.Next(2000), Rooms: 3 + random.Next(8), Hood: neighborhoods[random.Next(3)])).ToList();
        var csv = Path.Combine(_folder, "ames.csv");
        File.WriteAllLines(csv, ["SalePrice,LivingArea,TotRms_AbvGrd,Neighborhood", .. rows.Select(r => $"{100 * r.Area},{r.Area},{r.Rooms},{r.Hood}")]);
        // The served model logs each request under the field names: the [Column] name, else the property's snake_case.
        var log = Path.Combine(_folder, "predictions.jsonl");
        File.WriteAllLines(log, rows.Select(r => new JsonObject
        {
            ["time"] = "2026-12-08T00:00:00Z", ["service"] = "Ames", ["model_version"] = "1.0.0",
            ["inputs"] = new JsonObject { ["living_area"] = r.Area, ["TotRms_AbvGrd"] = r.Rooms, ["neighborhood"] = r.Hood },
            ["output"] = new JsonObject { ["score"] = 100.0 * r.Area }, ["source"] = "model", ["latency_ms"] = 1.0,
        }.ToJsonString()));

        // Without the feature set, only TotRms_AbvGrd is shared; the two conventions are named, with the way out.
        var (code, output, error) = Mlac.Run("drift", csv, log, "--json");
        Assert.Equal(0, code);
        Assert.Equal(["TotRms_AbvGrd"], JsonDocument.Parse(output).RootElement.GetProperty("columns").EnumerateObject().Select(c => c.Name));
        File.WriteAllLines(Path.Combine(_folder, "areas.csv"), ["LivingArea", .. rows.Select(r => r.Area.ToString(CultureInfo.InvariantCulture))]);
        (code, _, error) = Mlac.Run("drift", Path.Combine(_folder, "areas.csv"), log);
        Assert.Equal(2, code);
        Assert.Contains("LivingArea ~ living_area", error, StringComparison.Ordinal);
        Assert.Contains("--features", error, StringComparison.Ordinal);

        // With it, every input is compared under its field name, and replaying the training rows finds nothing.
        var assembly = typeof(AmesSale).Assembly.Location;
        (code, output, error) = Mlac.Run("drift", csv, log, "--json", "--features", $"{assembly}:{nameof(AmesSale)}");
        Assert.True(code == 0, error);
        var columns = JsonDocument.Parse(output).RootElement.GetProperty("columns");
        Assert.Equal(["TotRms_AbvGrd", "living_area", "neighborhood"], columns.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(columns.EnumerateObject(), c => Assert.Equal("none", c.Value.GetProperty("severity").GetString()));

        // mlac evaluate finds columns given by property or field name through the same contract.
        var predictions = Path.Combine(_folder, "predictions.csv");
        File.WriteAllLines(predictions, ["SalePrice,prediction,Neighborhood", .. rows.Select(r => $"{100 * r.Area},{(100 * r.Area) + 500},{r.Hood}")]);
        (code, _, error) = Mlac.Run("evaluate", predictions, "--task", "regression", "--label", "sale_price", "--score", "prediction", "--group", "neighborhood");
        Assert.Equal(2, code);
        Assert.Contains("has no label column 'sale_price'", error, StringComparison.Ordinal);
        (code, output, error) = Mlac.Run("evaluate", predictions, "--task", "regression", "--label", "sale_price", "--score", "prediction", "--group", "neighborhood",
            "--json", "--features", $"{assembly}:{nameof(AmesSale)}");
        Assert.True(code == 0, error);
        var evaluation = JsonDocument.Parse(output).RootElement;
        Assert.Equal(500, evaluation.GetProperty("mae").GetDouble(), 6);
        Assert.Equal(["CollgCr", "NAmes", "OldTown"], evaluation.GetProperty("groups").EnumerateObject().Select(g => g.Name).Order(StringComparer.Ordinal));

        // A feature set that is not in the assembly is named, with the ones that are.
        (code, _, error) = Mlac.Run("drift", csv, log, "--features", $"{assembly}:NoSuchSet");
        Assert.Equal(2, code);
        Assert.Contains("has no feature set NoSuchSet; it has AmesSale", error, StringComparison.Ordinal);
    }
}
