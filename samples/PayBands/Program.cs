using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlAsCode.Experiments;
using PayBands;

// Regression end to end: a log target, the median pay per role as the baseline, the regression report (intervals with
// their coverage, residuals by department, role and gender), then the model served over HTTP on loopback, answering in
// dollars and counting the roles it never saw.
var output = Path.GetFullPath(args is ["--out", var o] ? o : Path.Combine("out", "pay_bands"));
var experiment = Path.Combine(output, "experiment");
var brief = PayBandsProblem.Brief;
Console.WriteLine($"{brief.Name}: {brief.PredictionTarget}; primary metric {brief.PrimaryMetric}; baseline {brief.Baseline}");

var report = await PayExperiment.RunAsync(new ExperimentRunOptions { OutputDirectory = experiment, Progress = ConsoleRunProgress.ForConsole("  ") });
Console.WriteLine(report.ToRow());
Console.WriteLine(report.Notes);
var intervals = report.Evaluation!.PredictionIntervals!;
Console.WriteLine(FormattableString.Invariant(
    $"{intervals.Interval}: covers {intervals.Coverage.Value:0.0%} of the holdout [{intervals.Coverage.Lower:0.0%}, {intervals.Coverage.Upper:0.0%}]"));
foreach (var group in report.Evaluation.Segments.Single(s => s.Column == nameof(Employee.Gender)).Groups)
{
    Console.WriteLine(FormattableString.Invariant($"  {group.Value}: MAE {group.Score!.Value:0} USD, mean residual {group.MeanResidual:+0;-0} USD ({group.Rows} rows)"));
}

Console.WriteLine($"evaluation report: {Path.Combine(experiment, "evaluation_report.html")}");
Console.WriteLine($"model card: {Path.Combine(experiment, "model_card.md")}");

// The run wrote the model, its fitted pipeline and the training rows' profile for the monitor (in dollars, as served).
Employee[] rows = [.. Employee.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "hr_attrition.csv"))];
var (model, pipeline, profile) = (Path.Combine(experiment, "model.onnx"), Path.Combine(experiment, "feature_pipeline.json"), Path.Combine(experiment, "reference_profile.json"));

var log = Path.Combine(output, "predictions.jsonl");
File.Delete(log);
var builder = WebApplication.CreateBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
{
    InitialData = new Dictionary<string, string?>
    {
        ["MlAsCode:Serving:PayBands:ModelPath"] = model,
        ["MlAsCode:Serving:PayBands:PipelinePath"] = pipeline,
        ["MlAsCode:Serving:PayBands:ModelVersion"] = report.Id,
        ["MlAsCode:Serving:PayBands:PredictionLogPath"] = log,
        ["MlAsCode:Serving:PayBands:Monitor:ReferenceProfilePath"] = profile,
        ["MlAsCode:Serving:PayBands:Monitor:MinimumPredictions"] = "100",
    },
});
builder.AddPayBandsService();
await using var app = builder.Build();
app.MapPayBandsService();
await app.StartAsync();
var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
using var client = new HttpClient { BaseAddress = new Uri(url) };
async Task<string> Post(string path, JsonNode body)
{
    using var response = await client.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
    return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
}

// The naming contract: each field is the property's snake_case.
static JsonObject Request(Employee e) => new()
{
    ["job_role"] = e.JobRole, ["department"] = e.Department, ["job_level"] = e.JobLevel, ["total_working_years"] = e.TotalWorkingYears,
    ["years_at_company"] = e.YearsAtCompany, ["education"] = e.Education,
};

Console.WriteLine($"serving on {url}");
var replay = await Post("/pay/predict/batch", new JsonArray([.. rows.Take(300).Select(r => (JsonNode)Request(r))]));
Console.WriteLine($"  replay of 300 training rows: {replay[..3]}");
Console.WriteLine($"  a known employee (actual {rows[0].MonthlyIncome:0} USD): {await Post("/pay/predict", Request(rows[0]))}");
// Sixteen requests for roles the company never had: 5% of the window, the monitor's limit.
foreach (var role in Enumerable.Repeat("Data_Scientist", 15).Append("Prompt_Engineer"))
{
    await Post("/pay/predict", Request(rows[1] with { JobRole = role }));
}

Console.WriteLine($"  a role never seen: {await Post("/pay/predict", Request(rows[1] with { JobRole = "Data_Scientist" }))}");
Console.WriteLine($"  a department never seen: {await Post("/pay/predict", Request(rows[1] with { Department = "Marketing" }))}");
// The log is written in the background: wait for the 318 answered requests (the refused one is not logged).
for (var i = 0; i < 250 && (!File.Exists(log) || File.ReadLines(log).Count() < 318); i++)
{
    await Task.Delay(20);
}

var monitoring = JsonNode.Parse(await client.GetStringAsync("/monitoring?check=true"))!["PayBands"]!;
Console.WriteLine($"  /monitoring: status {monitoring["status"]}, {monitoring["predictions"]} predictions, unknown_categories {monitoring["unknown_categories"]!.ToJsonString()}");
foreach (var finding in monitoring["findings"]!.AsArray())
{
    Console.WriteLine($"    {finding!["severity"]} {finding["kind"]} {finding["subject"]}: {finding["response"]}");
}

await app.StopAsync();
return report.Verdict == "promoted" ? 0 : 1;
