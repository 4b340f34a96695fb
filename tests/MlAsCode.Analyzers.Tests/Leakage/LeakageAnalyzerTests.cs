using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlAsCode.Analyzers.Leakage;

namespace MlAsCode.Analyzers.Tests.Leakage;

/// <summary>Key cases of each leakage rule, with exact spans and messages.</summary>
public class LeakageAnalyzerTests
{
    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using MlAsCode;

        public sealed class Row
        {
            public float X { get; set; }
            [ColumnName("Label")] public bool Y { get; set; }
        }

        public sealed class TimedRow
        {
            [EventTime] public DateTime At { get; set; }
            public float X { get; set; }
            [ColumnName("Label")] public float Y { get; set; }
        }

        """;

    private static Task Verify(string code, params DiagnosticResult[] expected) =>
        LeakageVerifier.VerifyAsync(Prelude + code, expected);

    [Fact]
    public Task ML0201_a_normalizer_fitted_before_the_split_is_reported_on_its_fit() => Verify("""
        public static class T
        {
            public static double Run(MLContext ml, List<Row> rows)
            {
                var data = ml.Data.LoadFromEnumerable(rows);
                var normalizer = ml.Transforms.NormalizeMinMax("X");
                var scaled = normalizer.{|#0:Fit(data)|}.Transform(data);
                var split = ml.Data.TrainTestSplit(scaled, 0.2);
                var model = ml.Transforms.Concatenate("Features", "X").Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression()).Fit(split.TrainSet);
                return ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).Accuracy;
            }
        }
        """,
        new DiagnosticResult(DiagnosticDescriptors.PreprocessingLeakage).WithLocation(0).WithArguments(
            "'normalizer' is fitted on 'data' (a parameter), which still contains the test rows of the split at line 27; its output feeds Evaluate at line 29"));

    [Fact]
    public Task ML0201_a_final_model_fitted_on_all_rows_without_evaluation_is_not_reported() => Verify("""
        public static class T
        {
            public static ITransformer Ship(MLContext ml, List<Row> rows)
            {
                var data = ml.Data.LoadFromEnumerable(rows);
                var pipeline = ml.Transforms.NormalizeMinMax("X").Append(ml.Transforms.Concatenate("Features", "X"))
                    .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
                return pipeline.Fit(data);
            }
        }
        """);

    [Fact]
    public Task ML0202_oversampling_before_the_split_is_reported_on_the_split() => Verify("""
        public static class T
        {
            public static DataOperationsCatalog.TrainTestData Run(MLContext ml, List<Row> rows)
            {
                var balanced = rows.Concat(rows.Where(r => r.Y)).ToList();
                return ml.Data.{|#0:TrainTestSplit(ml.Data.LoadFromEnumerable(balanced), 0.2)|};
            }
        }
        """,
        new DiagnosticResult(DiagnosticDescriptors.OverlapLeakage).WithLocation(0).WithArguments(
            "'ml.Data.LoadFromEnumerable(balanced)' repeats rows (oversampled at line 24) before this split: copies of one row land in both training and test, so the test set holds training rows; oversample the training part after splitting"));

    [Fact]
    public Task ML0203_a_holdout_choosing_in_a_loop_is_reported_on_the_evaluate_call() => Verify("""
        public static class T
        {
            public static ITransformer? Run(MLContext ml, IDataView data, IEnumerable<IEstimator<ITransformer>> candidates)
            {
                var split = ml.Data.TrainTestSplit(data, 0.2);
                ITransformer? best = null;
                var bestAccuracy = 0.0;
                foreach (var candidate in candidates)
                {
                    var model = candidate.Fit(split.TrainSet);
                    var accuracy = ml.BinaryClassification.{|#0:Evaluate(model.Transform(split.TestSet))|}.Accuracy;
                    if (accuracy > bestAccuracy) { best = model; bestAccuracy = accuracy; }
                }

                return best;
            }
        }
        """,
        new DiagnosticResult(DiagnosticDescriptors.HoldoutReused).WithLocation(0).WithArguments(
            "Holdout 'model.Transform(split.TestSet)' (the test set of the split at line 24) scores several candidates (an Evaluate call inside a loop) and the scores choose among them: its score of the winner is optimistic; choose on a validation split or CrossValidate, then evaluate the holdout once"));

    [Fact]
    public Task ML0204_a_random_split_of_event_time_rows_is_reported_on_the_split() => Verify("""
        public static class T
        {
            public static DataOperationsCatalog.TrainTestData Run(MLContext ml, TimedRow[] rows) =>
                ml.Data.{|#0:TrainTestSplit(ml.Data.LoadFromEnumerable(rows), 0.2)|};
        }
        """,
        new DiagnosticResult(DiagnosticDescriptors.RandomSplitOfTimeOrderedData).WithLocation(0).WithArguments(
            "'ml.Data.LoadFromEnumerable(rows)' is time-ordered ('TimedRow.At' is its [EventTime]) but TrainTestSplit's random split mixes past and future rows: the model is trained on events later than the ones it is tested on; split by time (SplitStrategy.Temporal, CrossValidationStrategy.TimeSeries, or train on the earlier rows and test on the later ones)"));

    [Fact]
    public async Task ML0202_oversampling_before_a_feature_set_split_says_deduplication_undoes_it()
    {
        var file = System.IO.Path.Combine(LeakageHarness.CorpusFolder, "L202_select_many_repeat_before_feature_split.cs");
        var source = await System.IO.File.ReadAllTextAsync(file);
        var diagnostics = await LeakageHarness.AnalyzeAsync(LeakageHarness.Compile(source, "L202_select_many_repeat_before_feature_split.cs"));
        var diagnostic = Assert.Single(diagnostics, d => d.Id == "ML0202");
        Assert.Equal(
            "'balanced' repeats rows (oversampled at line 20) before this split: Split removes exact duplicate rows before splitting, so the oversampling is silently undone; oversample the training part after the split",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public Task ML0201_a_fitted_scaler_in_a_transformer_chain_is_reported_on_its_fit() => Verify("""
        public static class T
        {
            public static double Run(MLContext ml, List<Row> rows)
            {
                var data = ml.Data.LoadFromEnumerable(rows);
                var scaler = ml.Transforms.NormalizeMinMax("X").{|#0:Fit(data)|};
                var split = ml.Data.TrainTestSplit(data, 0.2);
                var trainer = ml.Transforms.Concatenate("Features", "X").Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression()).Fit(scaler.Transform(split.TrainSet));
                var model = new TransformerChain<ITransformer>(scaler, trainer);
                return ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).Accuracy;
            }
        }
        """,
        new DiagnosticResult(DiagnosticDescriptors.PreprocessingLeakage).WithLocation(0).WithArguments(
            "'scaler' is fitted on 'data' (a parameter), which still contains the test rows of the split at line 26; its output feeds Evaluate at line 29"));
}
