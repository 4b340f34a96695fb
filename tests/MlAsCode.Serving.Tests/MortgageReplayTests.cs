using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlAsCode.Monitoring;
using MlAsCode.Training.Trainers;

namespace MlAsCode.Serving.Tests;

/// <summary>A mortgage application: yes/no columns and ratios rounded to a tenth (many ties at the deciles), a table
/// none of the samples use.</summary>
[FeatureSet(Entity = "applicant")]
public partial record Applicant
{
    [Target(Positive = "yes")] public string Deny { get; init; } = "";

    [Feature(Transform.Raw)] public float PaymentIncomeRatio { get; init; }

    [Feature(Transform.Raw)] public float LoanValueRatio { get; init; }

    [Feature(Transform.Raw)] public float CreditHistory { get; init; }

    [Feature(Transform.Raw)] public bool SelfEmployed { get; init; }

    [Feature(Transform.Raw)] public bool InsuranceDenied { get; init; }
}

/// <summary>
/// Replaying the training rows through the served model must raise no alarm: not in the served monitor (whose
/// reference profile holds the values after <c>float</c> properties while the log keeps them as the client sent them),
/// and not in <c>mlac drift</c> between the training CSV (<c>yes</c>/<c>no</c>) and the prediction log
/// (<c>true</c>/<c>false</c>).
/// </summary>
public sealed class MortgageReplayTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlac-mortgage-" + Guid.NewGuid().ToString("N"));

    public MortgageReplayTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A seeded table of 1,500 applications, about 12% denied, written as the bank exports it.</summary>
    internal static string WriteApplications(string path, int rows = 1500, int seed = 11)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("deny,payment_income_ratio,loan_value_ratio,credit_history,self_employed,insurance_denied\n");
        for (var i = 0; i < rows; i++)
        {
            // Ratios as the application form records them: to one decimal, so thousands of rows share a few values.
            var paymentIncome = Math.Round(Math.Clamp(2.5 + (random.NextDouble() * 2.5) + (random.NextDouble() - 0.5), 0.5, 6), 1);
            var loanValue = Math.Round(Math.Clamp(0.5 + (random.NextDouble() * 0.45), 0.2, 1.2), 1);
            var credit = 1 + random.Next(6);
            var selfEmployed = random.NextDouble() < 0.12;
            var insuranceDenied = random.NextDouble() < 0.03;
            var logit = -6.4 + (0.55 * paymentIncome) + (1.2 * loanValue) + (0.35 * credit) + (selfEmployed ? 0.4 : 0) + (insuranceDenied ? 3 : 0);
            var deny = random.NextDouble() < 1 / (1 + Math.Exp(-logit));
            csv.Append(CultureInfo.InvariantCulture, $"{(deny ? "yes" : "no")},{paymentIncome:0.0},{loanValue:0.0},{credit},{(selfEmployed ? "yes" : "no")},{(insuranceDenied ? "yes" : "no")}\n");
        }

        File.WriteAllText(path, csv.ToString());
        return path;
    }

    // What a client that holds the rows in float fields and sends them as doubles writes: 3.9 as 3.90000009536743.
    private static JsonObject Request(Applicant a)
    {
        static JsonNode Sent(float value) => JsonValue.Create(double.Parse(((double)value).ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        return new JsonObject
        {
            ["payment_income_ratio"] = Sent(a.PaymentIncomeRatio), ["loan_value_ratio"] = Sent(a.LoanValueRatio), ["credit_history"] = Sent(a.CreditHistory),
            ["self_employed"] = a.SelfEmployed, ["insurance_denied"] = a.InsuranceDenied,
        };
    }

    [Fact]
    public async Task Replaying_the_training_rows_through_the_service_raises_no_finding_in_the_monitor_or_in_mlac_drift()
    {
        var csv = WriteApplications(Path.Combine(_folder, "applications.csv"));
        Applicant[] rows = [.. Applicant.ReadCsv(csv)];
        Assert.InRange(rows.Count(r => r.Deny == "yes") / (double)rows.Length, 0.05, 0.25);
        // The point of the table: the ratios' deciles sit on values shared by many rows.
        Assert.True(rows.GroupBy(r => r.PaymentIncomeRatio).Max(g => g.Count()) > rows.Length / 25);

        var fit = Applicant.Features.FitTransform(rows);
        var model = new MlNetTrainer(ModelFamily.LightGbm, MlTask.BinaryClassification, 7)
            .Fit(fit.TrainingMatrix, Experiments.Labels.Binary(rows.Select(r => r.Deny == "yes")), Experiments.Tuning.ParameterSet.Of([new("num_iterations", 30)]));
        var modelPath = Path.Combine(_folder, "model.onnx");
        var pipelinePath = Path.Combine(_folder, "feature_pipeline.json");
        File.WriteAllBytes(modelPath, model.ToOnnx());
        File.WriteAllText(pipelinePath, fit.Pipeline.ToJson());
        var profilePath = Path.Combine(_folder, "reference_profile.json");
        ReferenceProfiles.Create(Applicant.Features, rows, MlTask.BinaryClassification, modelPath, pipelinePath).Save(profilePath);
        var log = Path.Combine(_folder, "predictions.jsonl");

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddMlService("Mortgage", Applicant.Features, MlTask.BinaryClassification, o =>
        {
            (o.ModelPath, o.PipelinePath, o.ModelVersion, o.PredictionLogPath) = (modelPath, pipelinePath, "1.0.0", log);
            o.Monitor = new MonitorOptions { ReferenceProfilePath = profilePath, WindowSize = rows.Length, Interval = TimeSpan.FromHours(1) };
        });
        await using (var app = builder.Build())
        {
            app.MapMlService<Applicant>("Mortgage", "/mortgage");
            await app.StartAsync();
            var service = app.Services.GetRequiredKeyedService<ModelService<Applicant>>("Mortgage");
            await service.WhenLoaded;
            using var client = app.GetTestClient();
            foreach (var chunk in rows.Chunk(250))
            {
                var batch = new JsonArray([.. chunk.Select(r => (JsonNode)Request(r))]);
                using var response = await client.PostAsync("/mortgage/predict/batch", new StringContent(batch.ToJsonString(), Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            for (var i = 0; i < 200 && (!File.Exists(log) || Lines(log) < rows.Length); i++)
            {
                await Task.Delay(20);
            }

            Assert.Equal(rows.Length, Lines(log));
            Assert.Contains("3.90000009536743", File.ReadAllText(log), StringComparison.Ordinal);
            var state = service.Monitor!.Check();
            Assert.Null(state.Problem);
            Assert.Equal(rows.Length, state.Predictions);
            Assert.Empty(state.Findings);
            // Each input's distribution is the training one: PSI at the floor's rounding, not 0.18.
            Assert.All(state.Drift, d => Assert.True(d.Value < 0.01, $"{d.Key}: {d.Value}"));
            Assert.Equal(5, state.Drift.Count);
            await app.StopAsync();
        }

        // mlac drift between the training file and the log: yes/no and true/false are the same booleans.
        var report = DriftFile.CompareCsv(csv, log);
        Assert.False(report.HasFindings, report.ToText());
        Assert.Equal(["credit_history", "insurance_denied", "loan_value_ratio", "payment_income_ratio", "self_employed"],
            report.Columns.Select(c => c.Column).Order(StringComparer.Ordinal).ToArray());
        Assert.All(report.Columns, c => Assert.Equal("numeric", c.Kind));
        Assert.All(report.Columns, c => Assert.True(c.Psi < 1e-9 && c.KsStatistic < 1e-9, $"{c.Column}: psi {c.Psi}, ks {c.KsStatistic}"));
    }

    private static int Lines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is not null)
        {
            count++;
        }

        return count;
    }
}
