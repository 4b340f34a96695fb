using System;
using System.CommandLine;
using System.Globalization;
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
        var json = new Option<bool>("--json") { Description = "Print JSON: n_per_arm, total, effect_size, days." };
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
        return new Command("abtest", "A/B test planning (the seed's Phase 5 A/B template).") { plan };
    }
}
