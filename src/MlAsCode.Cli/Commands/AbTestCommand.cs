using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlAsCode.AbTesting;

namespace MlAsCode.Cli.Commands;

/// <summary><c>mlac abtest plan</c>: the sample size per arm (statsmodels' power analysis) and the days it takes.</summary>
internal static class AbTestCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var metric = new Option<string>("--metric") { Description = "proportion (a conversion-style rate) or mean (a continuous metric).", Required = true };
        metric.AcceptOnlyFromAmong("proportion", "mean");
        var baseline = new Option<double?>("--baseline") { Description = "proportion: the control's rate (e.g. 0.10)." };
        var treatment = new Option<double?>("--treatment") { Description = "proportion: the rate the treatment should reach (e.g. 0.12)." };
        var effect = new Option<double?>("--effect-size") { Description = "mean: the standardized effect (Cohen's d) to detect." };
        var alpha = new Option<double>("--alpha") { Description = "Significance level (two-sided).", DefaultValueFactory = _ => 0.05 };
        var power = new Option<double>("--power") { Description = "Power.", DefaultValueFactory = _ => 0.8 };
        var treatmentPercent = new Option<double>("--treatment-percent") { Description = "Share of traffic to the treatment, in percent.", DefaultValueFactory = _ => 50 };
        var daily = new Option<double?>("--daily-traffic") { Description = "Requests (users) per day entering the test: gives the days needed." };
        var json = new Option<bool>("--json") { Description = "Print JSON: metric, effect_size, alpha, power, n_per_arm_exact, n_per_arm, total (users in all, so the smaller arm reaches n_per_arm), days, minimum_days." };
        var plan = new Command("plan",
            "Sample size per arm for a two-sided test (two-proportion z-test or two-sample t-test, as statsmodels), and the runtime: never under 7 days (one business cycle).\n"
            + "Example: mlac abtest plan --metric proportion --baseline 0.10 --treatment 0.12 --daily-traffic 2000")
        {
            metric, baseline, treatment, effect, alpha, power, treatmentPercent, daily, json,
        };
        plan.SetAction(parse =>
        {
            try
            {
                double n, size;
                if (parse.GetValue(metric) == "proportion")
                {
                    var (b, t) = (parse.GetValue(baseline) ?? throw new ArgumentException("--metric proportion needs --baseline and --treatment."),
                        parse.GetValue(treatment) ?? throw new ArgumentException("--metric proportion needs --baseline and --treatment."));
                    size = PowerAnalysis.CohensH(b, t);
                    n = PowerAnalysis.ProportionSampleSize(b, t, parse.GetValue(alpha), parse.GetValue(power));
                }
                else
                {
                    size = parse.GetValue(effect) ?? throw new ArgumentException("--metric mean needs --effect-size (Cohen's d).");
                    n = PowerAnalysis.TTestSampleSize(size, parse.GetValue(alpha), parse.GetValue(power));
                }

                var share = parse.GetValue(treatmentPercent) / 100;
                if (share is <= 0 or >= 1)
                {
                    throw new ArgumentException("--treatment-percent must be between 0 and 100 (exclusive).");
                }

                var perArm = (long)Math.Ceiling(n);
                // The smaller arm fills last: it needs perArm of its share of the traffic.
                var days = parse.GetValue(daily) is { } traffic and > 0 ? Math.Max(7, (int)Math.Ceiling(perArm / (traffic * Math.Min(share, 1 - share)))) : (int?)null;
                if (parse.GetValue(json))
                {
                    output.WriteLine(new JsonObject
                    {
                        ["metric"] = parse.GetValue(metric),
                        ["effect_size"] = size,
                        ["alpha"] = parse.GetValue(alpha),
                        ["power"] = parse.GetValue(power),
                        ["n_per_arm_exact"] = n,
                        ["n_per_arm"] = perArm,
                        // Users needed in all so the smaller arm reaches n_per_arm at this split.
                        ["total"] = (long)Math.Ceiling(perArm / Math.Min(share, 1 - share)),
                        ["days"] = days,
                        ["minimum_days"] = 7,
                    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                }
                else
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"effect size {size:0.0000} ({(parse.GetValue(metric) == "proportion" ? "Cohen's h" : "Cohen's d")}), alpha {parse.GetValue(alpha)}, power {parse.GetValue(power)}"));
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {perArm:N0} per arm (exact {n:0.00})"));
                    output.WriteLine(days is { } d
                        ? string.Create(CultureInfo.InvariantCulture, $"  {d} days at {parse.GetValue(daily):N0} a day with {parse.GetValue(treatmentPercent)}% to the treatment (at least 7: one business cycle)")
                        : "  give --daily-traffic for the days needed (at least 7: one business cycle)");
                }

                return MlacApp.Ok;
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"mlac abtest plan: {e.Message}");
                return MlacApp.UsageError;
            }
        });
        return new Command("abtest", "A/B test planning and analysis (the methodology's Phase 5 A/B template).") { plan, Analyze(output, error) };
    }

    private static Command Analyze(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("outcomes") { Description = "A CSV with one row per user (or request): the arm, the outcome and any guardrail columns." };
        var arm = new Option<string>("--arm") { Description = "The arm column (values: control, treatment).", Required = true };
        var outcome = new Option<string>("--outcome") { Description = "The primary metric column: 0/1 (two-proportion z-test) or numbers (Welch t-test); higher is better.", Required = true };
        var guardrails = new Option<string[]>("--guardrail") { Description = "A guardrail column, COL:lower (lower is better, e.g. latency_ms:lower) or COL:higher. Repeatable." };
        var days = new Option<double>("--days") { Description = "Days the test has run.", Required = true };
        var planned = new Option<double>("--planned-days") { Description = "Days planned (at least 7).", DefaultValueFactory = _ => 14 };
        var lift = new Option<double>("--min-lift") { Description = "Relative lift needed to ship (0.02 for 2%).", DefaultValueFactory = _ => 0 };
        var alpha = new Option<double>("--alpha") { Description = "Significance level.", DefaultValueFactory = _ => 0.05 };
        var json = new Option<bool>("--json") { Description = "Print JSON: decision, reason, primary and guardrail comparisons." };
        var command = new Command("analyze",
            "Compare the arms of an A/B test and decide ship / iterate / kill (exit 0 ship, 1 iterate or kill).\n"
            + "Example: mlac abtest analyze out/churn/ab_outcomes.csv --arm arm --outcome correct --guardrail latency_ms:lower --days 14")
        {
            file, arm, outcome, guardrails, days, planned, lift, alpha, json,
        };
        command.SetAction(parse =>
        {
            try
            {
                var columns = AbTestOutcomes.Read(parse.GetValue(file)!.FullName, parse.GetValue(arm)!);
                var primary = columns.Compare(parse.GetValue(outcome)!);
                var checks = (parse.GetValue(guardrails) ?? []).Select(g =>
                {
                    var parts = g.Split(':');
                    var lower = parts.Length < 2 || parts[1] != "higher";
                    return (columns.Compare(parts[0]), lower);
                }).ToList();
                var decision = AbTestAnalysis.Decide(primary, checks, parse.GetValue(days), parse.GetValue(planned), parse.GetValue(lift), parse.GetValue(alpha));
                if (parse.GetValue(json))
                {
                    JsonObject Node(Comparison c) => new()
                    {
                        ["metric"] = c.Metric, ["test"] = c.Test, ["control"] = c.Control, ["treatment"] = c.Treatment,
                        ["difference"] = c.Difference, ["lift"] = double.IsFinite(c.Lift) ? c.Lift : null, ["statistic"] = c.Statistic, ["p_value"] = c.PValue,
                    };
                    output.WriteLine(new JsonObject
                    {
                        ["decision"] = decision.Decision,
                        ["reason"] = decision.Reason,
                        ["primary"] = Node(decision.Primary),
                        ["guardrails"] = new JsonArray([.. decision.Guardrails.Select(g => { var n = Node(g.Comparison); n["breached"] = g.Breached; return (JsonNode)n; })]),
                    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                }
                else if (Terminal.IsInteractive(output))
                {
                    Terminal.Table(output, $"{decision.Decision}: {decision.Reason}",
                        ["metric", "test", "control", "treatment", "difference", "lift", "statistic", "p-value", "guardrail"],
                        new[] { (Comparison: decision.Primary, Breached: (bool?)null) }.Concat(decision.Guardrails.Select(g => (g.Comparison, Breached: (bool?)g.Breached))).Select(r =>
                            (IReadOnlyList<string>)[r.Comparison.Metric, r.Comparison.Test, Number(r.Comparison.Control), Number(r.Comparison.Treatment), Number(r.Comparison.Difference),
                                double.IsFinite(r.Comparison.Lift) ? string.Create(CultureInfo.InvariantCulture, $"{r.Comparison.Lift:P2}") : "n/a",
                                Number(r.Comparison.Statistic), Number(r.Comparison.PValue), r.Breached switch { true => "breached", false => "passed", null => "(primary)" }]),
                        Terminal.Severity, i => i is >= 2 and <= 7);
                }
                else
                {
                    output.WriteLine($"{decision.Decision}: {decision.Reason}");
                    foreach (var c in new[] { decision.Primary }.Concat(decision.Guardrails.Select(g => g.Comparison)))
                    {
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {c.Metric,-16} control {c.Control:0.####}  treatment {c.Treatment:0.####}  {c.Test} {c.Statistic:0.###}  p {c.PValue:0.####}"));
                    }
                }

                return decision.Decision == "ship" ? MlacApp.Ok : MlacApp.Findings;
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or IOException or Data.DataFormatException)
            {
                error.WriteLine($"mlac abtest analyze: {e.Message}");
                return MlacApp.UsageError;
            }
        });
        return command;
    }

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
