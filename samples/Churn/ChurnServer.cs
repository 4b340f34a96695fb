using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Churn;

/// <summary><c>dotnet run --project samples/Churn -c Release -- serve --urls http://127.0.0.1:5080</c>.</summary>
internal static class ChurnServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var output = Path.GetFullPath(Path.Combine("out", "churn"));
        var experiment = Path.Combine(output, "experiments", "lightgbm");
        var builder = WebApplication.CreateBuilder(args);
        // Defaults first, so appsettings.json, environment variables (MlAsCode__Serving__Churn__ModelPath, as the
        // generated Dockerfile sets) and the command line override them.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["MlAsCode:Serving:Churn:ModelPath"] = Path.Combine(experiment, "model.onnx"),
                ["MlAsCode:Serving:Churn:PipelinePath"] = Path.Combine(experiment, "feature_pipeline.json"),
                ["MlAsCode:Serving:Churn:ModelVersion"] = BoostedTreesExperiment.Settings.Id,
                ["MlAsCode:Serving:Churn:PredictionLogPath"] = Path.Combine(output, "predictions.jsonl"),
                ["MlAsCode:Serving:Churn:Monitor:ReferenceProfilePath"] = Path.Combine(experiment, "reference_profile.json"),
            },
        });
        var model = builder.Configuration["MlAsCode:Serving:Churn:ModelPath"]!;
        if (!File.Exists(model))
        {
            if (model != Path.Combine(experiment, "model.onnx"))
            {
                Console.Error.WriteLine($"No model at {model} (MlAsCode:Serving:Churn:ModelPath).");
                return 2;
            }

            Console.WriteLine($"No trained model at {model}: running the sample's lifecycle first.");
            var trained = await ChurnLifecycle.RunAsync([output]);
            if (trained != 0)
            {
                return trained;
            }
        }

        builder.AddChurnService();
        var app = builder.Build();
        app.MapChurnService();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var url = app.Urls.FirstOrDefault() ?? "http://localhost:5000";
            Console.WriteLine($"Serving {builder.Configuration["MlAsCode:Serving:Churn:ModelVersion"]} from {model}");
            Console.WriteLine($"  curl {url}/ready");
            Console.WriteLine($"  curl {url}/openapi/v1.json");
            Console.WriteLine($"  curl {url}/monitoring   (or open {url}/monitoring/page)");
            Console.WriteLine($"  curl -X POST {url}/churn/predict -H 'Content-Type: application/json' -d '{ExampleRow}'");
        });
        await app.RunAsync();
        return 0;
    }

    public const string ExampleRow =
        "{\"partner\":true,\"dependents\":false,\"tenure\":2,\"contract\":\"Month-to-month\",\"internet_service\":\"Fiber optic\","
        + "\"payment_method\":\"Electronic check\",\"paperless_billing\":true,\"monthly_charges\":89.5,\"total_charges\":179.0}";
}
