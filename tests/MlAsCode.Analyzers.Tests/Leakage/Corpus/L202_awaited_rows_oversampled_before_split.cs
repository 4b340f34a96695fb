// ML0202: rows awaited from a repository are oversampled (churners appended again) before TrainTestSplit
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Telco;

public sealed class ChurnRow
{
    public float Tenure { get; set; }
    public float MonthlyCharges { get; set; }
    [ColumnName("Label")] public bool Churned { get; set; }
}

public interface IChurnRepository
{
    Task<List<ChurnRow>> LoadRowsAsync(string region);
}

public sealed class ChurnTraining(IChurnRepository repository)
{
    public async Task<double> TrainAsync(MLContext ml, string region)
    {
        var rows = await repository.LoadRowsAsync(region);
        var balanced = rows.Concat(rows.Where(r => r.Churned)).ToList();
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(balanced), testFraction: 0.2); // ML0202

        var model = ml.Transforms.Concatenate("Features", "Tenure", "MonthlyCharges")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())
            .Fit(split.TrainSet);
        return ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).F1Score;
    }
}
