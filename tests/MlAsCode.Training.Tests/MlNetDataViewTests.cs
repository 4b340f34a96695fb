using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlAsCode.Training.MlNet;

namespace MlAsCode.Training.Tests;

[FeatureSet(Entity = "customer", Source = "data/telco_churn.csv")]
public partial record Customer
{
    [Target(Positive = "Yes")] public string Churn { get; init; } = "";
    [Feature(Transform.Standardize)] public float Tenure { get; init; }
    [Feature(Transform.OneHot)] public string Contract { get; init; } = "";
    [Feature(Transform.OneHot)] public string InternetService { get; init; } = "";
    [Feature(Transform.TargetEncode, Folds = 5)] public string PaymentMethod { get; init; } = "";
    [Feature(Transform.Log)] public float MonthlyCharges { get; init; }
    [Feature(Transform.Raw)] public bool PaperlessBilling { get; init; }
    [Protected] public int SeniorCitizen { get; init; }
}

public class MlNetDataViewTests
{
    private static readonly Customer[] Rows = [.. Customer.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv"))];

    [Fact]
    public void The_data_view_holds_exactly_the_pipeline_output()
    {
        var matrix = Customer.Features.Fit(Rows).TransformBatch(Rows[..200]);
        var ml = new MLContext(seed: 1);

        var view = matrix.ToDataView(ml);

        var column = view.Schema["Features"];
        Assert.Equal(matrix.Columns, ((VectorDataViewType)column.Type).Size);
        var read = view.GetColumn<float[]>(column).ToArray();
        Assert.Equal(200, read.Length);
        for (var r = 0; r < read.Length; r++)
        {
            Assert.Equal(matrix.Row(r).ToArray(), read[r]);
        }
    }

    [Fact]
    public void An_ML_NET_trainer_learns_churn_from_MlAsCode_features()
    {
        var training = Rows.Where((_, i) => i % 5 != 0).ToArray();
        var holdout = Rows.Where((_, i) => i % 5 == 0).ToArray();
        var fit = Customer.Features.FitTransform(training);
        var ml = new MLContext(seed: 1);

        var model = ml.BinaryClassification.Trainers.SdcaLogisticRegression()
            .Fit(fit.TrainingMatrix.ToDataView(ml, [.. training.Select(c => c.Churn == "Yes")]));
        var scored = model.Transform(fit.Pipeline.TransformBatch(holdout).ToDataView(ml, [.. holdout.Select(c => c.Churn == "Yes")]));
        var metrics = ml.BinaryClassification.Evaluate(scored);

        // Logistic regression on these telco features is known to reach an ROC-AUC around 0.84.
        Assert.InRange(metrics.AreaUnderRocCurve, 0.80, 0.90);
    }

    [Fact]
    public void Labels_must_match_the_rows()
    {
        var matrix = Customer.Features.Fit(Rows).TransformBatch(Rows[..10]);

        var error = Assert.Throws<ArgumentException>(() => matrix.ToDataView(new MLContext(), new bool[9]));

        Assert.Contains("9 labels for 10 feature rows", error.Message);
    }
}
