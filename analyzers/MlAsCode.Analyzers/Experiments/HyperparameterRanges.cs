using System.Collections.Generic;

namespace MlAsCode.Analyzers.Experiments;

/// <summary>The seed's typical hyperparameter ranges by model family (Phase 3, "Key hyperparameters by model").</summary>
internal static class HyperparameterRanges
{
    // ModelFamily values, mirrored: LightGbm 0, FastTree 1, Linear 2, Mlp 3, IsolationForest 4.
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

    /// <summary>The typical range of <paramref name="name"/> for the model family, if the seed gives one.</summary>
    public static (double Low, double High)? Of(int family, string name)
    {
        var table = family switch
        {
            0 or 1 => Trees,
            3 => NeuralNets,
            _ => null,
        };
        return table is not null && table.TryGetValue(name, out var range) ? range : null;
    }

    public static string FamilyName(int family) => family switch
    {
        0 => "LightGbm",
        1 => "FastTree",
        2 => "Linear",
        3 => "Mlp",
        4 => "IsolationForest",
        _ => family.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
