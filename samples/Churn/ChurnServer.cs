using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using MlAsCode.Registry;

namespace Churn;

/// <summary><c>dotnet run --project samples/Churn -c Release -- serve --urls http://127.0.0.1:5080</c>.</summary>
internal static class ChurnServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var output = Path.GetFullPath(Path.Combine("out", "churn"));
        var builder = WebApplication.CreateBuilder(args);
        var explicitModel = builder.Configuration["MlAsCode:Serving:Churn:ModelPath"];
        var defaults = Defaults(output);
        var productionVersion = "";
        if (explicitModel is null)
        {
            // The default: the registry's production version, its files verified against their SHA-256.
            var registryPath = Path.Combine(output, ".mlac", "registry.db");
            if (!File.Exists(registryPath))
            {
                Console.WriteLine($"No model registry at {registryPath}: running the sample's lifecycle first.");
                var trained = await ChurnLifecycle.RunAsync([output]);
                if (trained != 0)
                {
                    return trained;
                }
            }

            var registry = new SqliteModelRegistry(registryPath);
            var production = await registry.GetProductionAsync(ChurnRegistry.Model);
            if (production is null)
            {
                Console.Error.WriteLine($"No production version of {ChurnRegistry.Model} in {registryPath}; see its history for refused promotions.");
                return 2;
            }

            productionVersion = production.Version;
            defaults = Defaults(output, registryPath, production);
        }

        // Defaults first, so appsettings.json, environment variables (MlAsCode__Serving__Churn__ModelPath, as the
        // generated Dockerfile sets) and the command line override them.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = defaults });
        var model = explicitModel ?? $"the model registry ({Path.Combine(output, ".mlac", "registry.db")}, production version {defaults["MlAsCode:Serving:Churn:Registry:Model"]} {productionVersion})";
        if (explicitModel is not null && !File.Exists(explicitModel))
        {
            Console.Error.WriteLine($"No model at {explicitModel} (MlAsCode:Serving:Churn:ModelPath).");
            return 2;
        }

        builder.AddChurnService();
        var app = builder.Build();
        app.MapChurnService();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var url = app.Urls.FirstOrDefault() ?? "http://localhost:5000";
            Console.WriteLine(explicitModel is null ? $"Serving {model}" : $"Serving {builder.Configuration["MlAsCode:Serving:Churn:ModelVersion"]} from {model}");
            Console.WriteLine($"  curl {url}/ready");
            Console.WriteLine($"  curl {url}/openapi/v1.json");
            Console.WriteLine($"  curl {url}/monitoring   (or open {url}/monitoring/page)");
            Console.WriteLine($"  curl -X POST {url}/churn/predict -H 'Content-Type: application/json' -d '{ExampleRow}'");
        });
        await app.RunAsync();
        return 0;
    }

    /// <summary>The configuration the sample serves with: the prediction log and the monitor's reference profile under
    /// <paramref name="output"/>, and with a registry, its production version (the service loads it itself, verifying
    /// its files against their SHA-256) and that version's holdout metric as the monitor's performance baseline.</summary>
    internal static Dictionary<string, string?> Defaults(string output, string? registryPath = null, ModelVersion? production = null)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["MlAsCode:Serving:Churn:PredictionLogPath"] = Path.Combine(output, "predictions.jsonl"),
            ["MlAsCode:Serving:Churn:Monitor:ReferenceProfilePath"] = Path.Combine(output, "experiments", "lightgbm", "reference_profile.json"),
        };
        if (production is not null)
        {
            defaults["MlAsCode:Serving:Churn:Registry:Model"] = ChurnRegistry.Model;
            defaults["MlAsCode:Serving:Churn:Registry:Path"] = registryPath;
            defaults["MlAsCode:Serving:Churn:Monitor:BaselineMetric"] = production.PrimaryMetric.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        }

        return defaults;
    }

    public const string ExampleRow =
        "{\"partner\":true,\"dependents\":false,\"tenure\":2,\"contract\":\"Month-to-month\",\"internet_service\":\"Fiber optic\","
        + "\"payment_method\":\"Electronic check\",\"paperless_billing\":true,\"monthly_charges\":89.5,\"total_charges\":179.0}";
}
