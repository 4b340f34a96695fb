// clean: the same random split helper as a leaky snippet, given rows that have no event time
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Wine;

public sealed class Sample
{
    public float Acidity { get; set; }
    [ColumnName("Label")] public float Quality { get; set; }
}

public sealed class QualityModel
{
    private readonly MLContext _ml = new(seed: 12);

    private DataOperationsCatalog.TrainTestData Holdout(IDataView data) => _ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 12);

    public double Mae(List<Sample> samples)
    {
        var split = Holdout(_ml.Data.LoadFromEnumerable(samples));
        var model = _ml.Transforms.Concatenate("Features", "Acidity").Append(_ml.Regression.Trainers.Sdca()).Fit(split.TrainSet);
        return _ml.Regression.Evaluate(model.Transform(split.TestSet)).MeanAbsoluteError;
    }
}
