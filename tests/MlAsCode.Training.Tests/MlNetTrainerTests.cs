using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MlAsCode.Experiments;
using MlAsCode.Experiments.Tuning;
using MlAsCode.Features;
using MlAsCode.Training.Trainers;

namespace MlAsCode.Training.Tests;

/// <summary>Concrete mixes (UCI): a regression target.</summary>
[FeatureSet(Entity = "mix")]
public partial record ConcreteMix
{
    [Target] public double CompressiveStrength { get; init; }
    [Feature(Transform.Standardize)] public double Cement { get; init; }
    [Feature(Transform.Standardize)] public double BlastFurnaceSlag { get; init; }
    [Feature(Transform.Standardize)] public double FlyAsh { get; init; }
    [Feature(Transform.Standardize)] public double Water { get; init; }
    [Feature(Transform.Standardize)] public double Superplasticizer { get; init; }
    [Feature(Transform.Log)] public double Age { get; init; }
}

public class MlNetTrainerTests
{
    private static Customer[] Telco => TrainingData.Telco;
    private static ConcreteMix[] Concrete => TrainingData.Concrete;

    [Theory]
    [InlineData(ModelFamily.LightGbm)]
    [InlineData(ModelFamily.FastTree)]
    [InlineData(ModelFamily.Linear)]
    public void Binary_models_learn_churn_and_onnx_runtime_reproduces_their_probabilities(ModelFamily family)
    {
        var (train, holdout, trainRows, holdoutRows) = TrainingData.TelcoSplit();
        var model = new MlNetTrainer(family, MlTask.BinaryClassification, seed: 7)
            .Fit(train, Labels.Binary(trainRows.Select(c => c.Churn == "Yes")));

        var probabilities = model.Predict(holdout);
        Assert.InRange(TrainingData.RocAuc(probabilities, [.. holdoutRows.Select(c => c.Churn == "Yes")]), 0.80, 0.92);
        var onnx = TrainingData.RunOnnx(model.ToOnnx(), holdout, "Probability");
        for (var i = 0; i < probabilities.Length; i++)
        {
            Assert.Equal(probabilities[i], onnx[i][0], 1e-5);
        }
    }

    // A generated sales table: price from the area (unit scale) and a neighbourhood's target-encoded price in dollars
    // (about 200,000). Linear models scale their inputs, so the L2 penalty matters, the fit reaches the noise level,
    // and ONNX Runtime reproduces the scaled model.
    [Fact]
    public void Linear_models_scale_their_inputs_so_a_dollar_column_trains_and_the_penalty_matters()
    {
        var random = new System.Random(19);
        const int rows = 2000;
        var values = new float[rows * 2];
        var prices = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            var area = (float)(random.NextDouble() * 2 - 1);
            var neighbourhood = 150_000f + (float)(random.NextDouble() * 100_000);
            values[i * 2] = area;
            values[(i * 2) + 1] = neighbourhood;
            prices[i] = (40_000 * area) + (0.8f * neighbourhood) + (float)((random.NextDouble() - 0.5) * 10_000);
        }

        var matrix = new Features.FeatureMatrix(values, rows, ["house_area", "house_neighbourhood_price_te"]);
        double Mae(float[] predicted) => predicted.Select((p, i) => System.Math.Abs(p - prices[i])).Average();
        var maes = new[] { 1e-4, 1.0, 100.0 }.Select(l2 => Mae(new MlNetTrainer(ModelFamily.Linear, MlTask.Regression, seed: 3)
            .Fit(matrix, Labels.Regression(prices), Experiments.Tuning.ParameterSet.Of([new("l2_regularization", l2), new("max_iterations", 200)])).Predict(matrix))).ToArray();

        // The noise is uniform on ±5,000 (MAE 2,500): the lightly penalized fit gets there; a heavy penalty shrinks it.
        Assert.InRange(maes[0], 2_000, 3_500);
        Assert.True(maes[2] > maes[0] * 1.5, string.Join(", ", maes));
        Assert.Equal(3, maes.Distinct().Count());

        var model = new MlNetTrainer(ModelFamily.Linear, MlTask.Regression, seed: 3).Fit(matrix, Labels.Regression(prices));
        var onnx = TrainingData.RunOnnx(model.ToOnnx(), matrix, "Score");
        var predicted = model.Predict(matrix);
        for (var i = 0; i < rows; i++)
        {
            Assert.Equal(predicted[i], onnx[i][0], System.Math.Max(1e-3, System.Math.Abs(predicted[i]) * 1e-5));
        }
    }

    [Theory]
    [InlineData(ModelFamily.LightGbm)]
    [InlineData(ModelFamily.FastTree)]
    [InlineData(ModelFamily.Linear)]
    public void The_same_seed_and_data_give_the_same_model_bytes(ModelFamily family)
    {
        var (train, _, trainRows, _) = TrainingData.TelcoSplit();
        var labels = Labels.Binary(trainRows.Select(c => c.Churn == "Yes"));
        var first = new MlNetTrainer(family, MlTask.BinaryClassification, seed: 11).Fit(train, labels).ToOnnx();
        var second = new MlNetTrainer(family, MlTask.BinaryClassification, seed: 11).Fit(train, labels).ToOnnx();
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(ModelFamily.LightGbm)]
    [InlineData(ModelFamily.Linear)]
    public void Regression_models_predict_concrete_strength_and_match_onnx(ModelFamily family)
    {
        var split = ConcreteMix.Features.Split(Concrete, SplitStrategy.Random, 0.2, seed: 5);
        var fit = ConcreteMix.Features.FitTransform(split.Train);
        var holdout = fit.Pipeline.TransformBatch(split.Test);
        var model = new MlNetTrainer(family, MlTask.Regression, seed: 7)
            .Fit(fit.TrainingMatrix, Labels.Regression(split.Train.Select(m => (float)m.CompressiveStrength)));

        var predicted = model.Predict(holdout);
        var actual = split.Test.Select(m => m.CompressiveStrength).ToArray();
        var mean = actual.Average();
        var r2 = 1 - (actual.Select((a, i) => Math.Pow(a - predicted[i], 2)).Sum() / actual.Sum(a => Math.Pow(a - mean, 2)));
        // Cement, water, slag, ash, plasticizer and age explain most of the strength; trees more than a line.
        Assert.InRange(r2, family == ModelFamily.Linear ? 0.55 : 0.80, 1.0);
        var onnx = TrainingData.RunOnnx(model.ToOnnx(), holdout, "Score");
        for (var i = 0; i < predicted.Length; i++)
        {
            Assert.Equal(predicted[i], onnx[i][0], 1e-3); // strengths are tens of MPa: 1e-5 relative
        }
    }

    [Theory]
    [InlineData(ModelFamily.LightGbm)]
    [InlineData(ModelFamily.Linear)]
    public void Multiclass_models_give_probabilities_per_sorted_class_and_match_onnx(ModelFamily family)
    {
        // Predict the contract term (3 classes) from the other telco features.
        var rows = Telco.Take(3000).ToArray();
        var features = Customer.Features.Fit(rows).TransformBatch(rows);
        var model = new MlNetTrainer(family, MlTask.MulticlassClassification, seed: 7)
            .Fit(features, Labels.Multiclass(rows.Select(c => c.Contract)),
                family == ModelFamily.LightGbm ? ParameterSet.Of([new KeyValuePair<string, object>("num_iterations", 20)]) : null);

        Assert.Equal(["Month-to-month", "One year", "Two year"], model.Classes.ToArray());
        var probabilities = model.PredictProbabilities(features);
        Assert.All(probabilities, p => Assert.Equal(1.0, p.Sum(), 1e-4));
        // The contract is one of the inputs (one-hot), so the model recovers it almost always.
        var correct = probabilities.Select((p, i) => model.Classes[Array.IndexOf(p, p.Max())] == rows[i].Contract).Count(c => c);
        Assert.True(correct > 0.95 * rows.Length, $"{correct} of {rows.Length}");
        var onnx = TrainingData.RunOnnx(model.ToOnnx(), features, "Score");
        for (var i = 0; i < probabilities.Length; i++)
        {
            for (var k = 0; k < 3; k++)
            {
                Assert.Equal(probabilities[i][k], onnx[i][k], 1e-5);
            }
        }
    }

    [Fact]
    public void Wrong_labels_parameters_and_inputs_are_refused_with_the_reason()
    {
        var (train, _, trainRows, _) = TrainingData.TelcoSplit();
        var trainer = new MlNetTrainer(ModelFamily.LightGbm, MlTask.BinaryClassification, seed: 1);
        Assert.Contains("labels are for Regression", Assert.Throws<ArgumentException>(() => trainer.Fit(train, Labels.Regression(trainRows.Select(_ => 1f)))).Message);
        Assert.Contains("does not read max_depth", Assert.Throws<ArgumentException>(() =>
            trainer.Fit(train, Labels.Binary(trainRows.Select(c => c.Churn == "Yes")), ParameterSet.Of([new("max_depth", 6)]))).Message);
        Assert.Contains("3 labels for", Assert.Throws<ArgumentException>(() => trainer.Fit(train, Labels.Binary([true, false, true]))).Message);
        Assert.Contains("not trained with ML.NET", Assert.Throws<ArgumentException>(() => new MlNetTrainer(ModelFamily.Mlp, MlTask.BinaryClassification, 1)).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => Labels.Regression([1f, float.NaN])).Message);
    }
}
