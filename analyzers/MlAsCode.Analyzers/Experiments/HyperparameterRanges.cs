using System.Collections.Generic;
using MlAsCode.Analyzers.Common;

namespace MlAsCode.Analyzers.Experiments;

/// <summary>The methodology's typical hyperparameter ranges by model family (Phase 3, "Key hyperparameters by model").</summary>
internal static class HyperparameterRanges
{
    private static readonly Dictionary<string, (double Low, double High)> Trees = new()
    {
        ["learning_rate"] = (0.01, 0.3),
        ["num_leaves"] = (15, 255),
        ["feature_fraction"] = (0.5, 1.0),
        ["min_data_in_leaf"] = (5, 100),
        ["num_iterations"] = (100, 1000),
        ["max_depth"] = (3, 10),
    };

    private static readonly Dictionary<string, (double Low, double High)> NeuralNets = new()
    {
        ["learning_rate"] = (1e-5, 1e-2),
        ["batch_size"] = (32, 512),
        ["dropout"] = (0.1, 0.5),
    };

    /// <summary>The typical range of <paramref name="name"/> for the model family, if the methodology gives one.</summary>
    public static (double Low, double High)? Of(ModelFamily family, string name)
    {
        var table = family switch
        {
            ModelFamily.LightGbm or ModelFamily.FastTree => Trees,
            ModelFamily.Mlp => NeuralNets,
            _ => null,
        };
        return table is not null && table.TryGetValue(name, out var range) ? range : null;
    }
}
