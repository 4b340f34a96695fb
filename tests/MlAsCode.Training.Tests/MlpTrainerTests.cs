using System;
using System.Collections.Generic;
using System.Linq;
using MlAsCode.Experiments;
using MlAsCode.Experiments.Tuning;
using MlAsCode.Features;
using MlAsCode.Training.Torch;

namespace MlAsCode.Training.Tests;

public class MlpTrainerTests
{
    private static ParameterSet With(params (string Name, object Value)[] values) =>
        ParameterSet.Of(values.Select(v => new KeyValuePair<string, object>(v.Name, v.Value)));

    [Fact]
    public void A_binary_mlp_learns_churn_records_its_device_and_onnx_runtime_reproduces_it_on_the_holdout()
    {
        var (train, holdout, trainRows, holdoutRows) = TrainingData.TelcoSplit();
        var model = new MlpTrainer(MlTask.BinaryClassification, seed: 7)
            .Fit(train, Labels.Binary(trainRows.Select(c => c.Churn == "Yes")), With(("max_epochs", 40), ("batch_size", 128)));

        var probabilities = model.Predict(holdout);
        Assert.Equal(holdout.Rows, probabilities.Length);
        Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
        Assert.InRange(TrainingData.RocAuc(probabilities, [.. holdoutRows.Select(c => c.Churn == "Yes")]), 0.80, 0.92);

        // CUDA when libtorch sees a GPU, the CPU otherwise; the device used is what the parameters record.
        Assert.Equal(MlpTrainer.AutomaticDevice, model.Parameters.GetString("device"));
        Assert.Equal(MlpTrainer.AutomaticDevice, model.Training.Device);
        Assert.Equal("64,32", model.Parameters.GetString("hidden_layers"));

        var onnx = TrainingData.RunOnnx(model.ToOnnx(), holdout, "Probability");
        for (var i = 0; i < probabilities.Length; i++)
        {
            Assert.Equal(probabilities[i], onnx[i][0], 1e-5);
        }
    }

    [Fact]
    public void Early_stopping_keeps_the_best_epoch_and_stops_after_the_patience()
    {
        var (train, _, trainRows, _) = TrainingData.TelcoSplit();
        var model = new MlpTrainer(MlTask.BinaryClassification, seed: 3)
            .Fit(train, Labels.Binary(trainRows.Select(c => c.Churn == "Yes")),
                With(("max_epochs", 400), ("patience", 3), ("learning_rate", 0.01), ("hidden_layers", "128,64"), ("dropout", 0.0)));

        // A wide network at a high rate overfits 4,500 rows long before 400 epochs; training stops 3 epochs after the best.
        Assert.True(model.Training.Epochs < 400, $"ran all {model.Training.Epochs} epochs");
        Assert.Equal(model.Training.BestEpoch + 3, model.Training.Epochs);
        Assert.NotNull(model.Training.ValidationLoss);

        var noStopping = new MlpTrainer(MlTask.BinaryClassification, seed: 3)
            .Fit(train, Labels.Binary(trainRows.Select(c => c.Churn == "Yes")), With(("max_epochs", 2), ("patience", 0)));
        Assert.Equal(2, noStopping.Training.Epochs);
        Assert.Null(noStopping.Training.ValidationLoss);
    }

    [Fact]
    public void The_same_seed_and_data_give_the_same_model_bytes_and_another_seed_does_not()
    {
        var (train, _, trainRows, _) = TrainingData.TelcoSplit();
        var labels = Labels.Binary(trainRows.Select(c => c.Churn == "Yes"));
        var settings = With(("max_epochs", 5), ("dropout", 0.3));
        var first = new MlpTrainer(MlTask.BinaryClassification, seed: 11).Fit(train, labels, settings).ToOnnx();
        var second = new MlpTrainer(MlTask.BinaryClassification, seed: 11).Fit(train, labels, settings).ToOnnx();
        var other = new MlpTrainer(MlTask.BinaryClassification, seed: 12).Fit(train, labels, settings).ToOnnx();
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void A_regression_mlp_predicts_concrete_strength_in_megapascals_and_matches_onnx()
    {
        var split = ConcreteMix.Features.Split(TrainingData.Concrete, SplitStrategy.Random, 0.2, seed: 5);
        var fit = ConcreteMix.Features.FitTransform(split.Train);
        var holdout = fit.Pipeline.TransformBatch(split.Test);
        var model = new MlpTrainer(MlTask.Regression, seed: 7)
            .Fit(fit.TrainingMatrix, Labels.Regression(split.Train.Select(m => (float)m.CompressiveStrength)),
                With(("learning_rate", 0.005), ("batch_size", 32), ("max_epochs", 300), ("patience", 20), ("dropout", 0.0)));

        var predicted = model.Predict(holdout);
        var actual = split.Test.Select(m => m.CompressiveStrength).ToArray();
        var mean = actual.Average();
        var r2 = 1 - (actual.Select((a, i) => Math.Pow(a - predicted[i], 2)).Sum() / actual.Sum(a => Math.Pow(a - mean, 2)));
        // The targets are scaled for training and scaled back: the network is as good as boosted trees here, far
        // better than a line (0.55–0.65).
        Assert.InRange(r2, 0.80, 1.0);
        var onnx = TrainingData.RunOnnx(model.ToOnnx(), holdout, "Score");
        for (var i = 0; i < predicted.Length; i++)
        {
            Assert.Equal(predicted[i], onnx[i][0], 1e-3); // strengths are tens of MPa: 1e-5 relative
        }
    }

    [Fact]
    public void A_multiclass_mlp_gives_probabilities_per_sorted_class_and_matches_onnx()
    {
        var rows = TrainingData.Telco.Take(3000).ToArray();
        var features = Customer.Features.Fit(rows).TransformBatch(rows);
        var model = new MlpTrainer(MlTask.MulticlassClassification, seed: 7)
            .Fit(features, Labels.Multiclass(rows.Select(c => c.Contract)), With(("max_epochs", 30)));

        Assert.Equal(["Month-to-month", "One year", "Two year"], model.Classes.ToArray());
        var probabilities = model.PredictProbabilities(features);
        Assert.All(probabilities, p => Assert.Equal(1.0, p.Sum(), 1e-4));
        // The contract is one of the inputs (one-hot), so the network recovers it almost always.
        var correct = probabilities.Select((p, i) => model.Classes[Array.IndexOf(p, p.Max())] == rows[i].Contract).Count(c => c);
        Assert.True(correct > 0.95 * rows.Length, $"{correct} of {rows.Length}");
        var onnx = TrainingData.RunOnnx(model.ToOnnx(), features, "Probabilities");
        for (var i = 0; i < probabilities.Length; i++)
        {
            for (var k = 0; k < 3; k++)
            {
                Assert.Equal(probabilities[i][k], onnx[i][k], 1e-5);
            }
        }

        Assert.Contains("PredictProbabilities", Assert.Throws<InvalidOperationException>(() => model.Predict(features)).Message);
    }

    [Fact]
    public void Training_and_prediction_survive_garbage_collections_during_native_calls()
    {
        // Finalizers running mid-step once freed scalars libtorch was still reading (see AdamOptimizer); collect
        // continuously while training and predicting, and the results must not change.
        var (train, holdout, trainRows, _) = TrainingData.TelcoSplit();
        var labels = Labels.Binary(trainRows.Select(c => c.Churn == "Yes"));
        var settings = With(("max_epochs", 3), ("weight_decay", 0.001));
        var calm = new MlpTrainer(MlTask.BinaryClassification, seed: 4).Fit(train, labels, settings);
        using var stop = new System.Threading.CancellationTokenSource();
        var collector = new System.Threading.Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();
        try
        {
            var stressed = new MlpTrainer(MlTask.BinaryClassification, seed: 4).Fit(train, labels, settings);
            Assert.Equal(calm.ToOnnx(), stressed.ToOnnx());
            Assert.Equal(calm.Predict(holdout), stressed.Predict(holdout));
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
    }

    [Fact]
    public void Bad_settings_and_inputs_are_refused_with_the_reason()
    {
        var (train, _, trainRows, _) = TrainingData.TelcoSplit();
        var labels = Labels.Binary(trainRows.Select(c => c.Churn == "Yes"));
        var trainer = new MlpTrainer(MlTask.BinaryClassification, seed: 1);
        Assert.Contains("hidden_layers must list positive layer widths", Assert.Throws<ArgumentException>(() => trainer.Fit(train, labels, With(("hidden_layers", "64,abc")))).Message);
        Assert.Contains("dropout must be in [0, 1)", Assert.Throws<ArgumentException>(() => trainer.Fit(train, labels, With(("dropout", 1.0)))).Message);
        Assert.Contains("device must be auto, cpu or cuda", Assert.Throws<ArgumentException>(() => trainer.Fit(train, labels, With(("device", "tpu")))).Message);
        Assert.Contains("Mlp does not read num_leaves", Assert.Throws<ArgumentException>(() => trainer.Fit(train, labels, With(("num_leaves", 31)))).Message);
        Assert.Contains("labels are for Regression", Assert.Throws<ArgumentException>(() => trainer.Fit(train, Labels.Regression(trainRows.Select(_ => 1f)))).Message);
        if (MlpTrainer.AutomaticDevice == "cpu")
        {
            Assert.Contains("no CUDA device", Assert.Throws<ArgumentException>(() => trainer.Fit(train, labels, With(("device", "cuda")))).Message);
        }

        var values = (float[])train.Values.Clone();
        values[(2 * train.Columns) + 1] = float.NaN;
        var holed = new FeatureMatrix(values, train.Rows, train.Names);
        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(holed, labels));
        Assert.Contains($"Row 3, input {train.Names[1]} is NaN", error.Message);
        Assert.Contains("AnomalyDetection", Assert.Throws<ArgumentException>(() => new MlpTrainer(MlTask.AnomalyDetection, 1)).Message);
    }
}
