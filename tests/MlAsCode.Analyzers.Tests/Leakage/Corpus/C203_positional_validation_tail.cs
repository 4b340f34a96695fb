// clean: the last fifth of the training rows validates the candidates; the separate test file is scored once
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Support;

public sealed class Ticket
{
    public float Length { get; set; }
    public float Replies { get; set; }
    [ColumnName("Label")] public bool Escalated { get; set; }
}

public sealed class EscalationSearch
{
    public double Search(MLContext ml, List<Ticket> training, List<Ticket> testing, IEnumerable<IEstimator<ITransformer>> pipelines)
    {
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(training), 0.2);
        var trainRows = ml.Data.CreateEnumerable<Ticket>(split.TrainSet, false).ToList();
        var cut = trainRows.Count * 4 / 5;
        var fitRows = ml.Data.LoadFromEnumerable(trainRows.Take(cut));
        var validation = ml.Data.LoadFromEnumerable(trainRows.Skip(cut));

        ITransformer? best = null;
        var bestF1 = -1.0;
        foreach (var pipeline in pipelines)
        {
            var model = pipeline.Fit(fitRows);
            var f1 = ml.BinaryClassification.Evaluate(model.Transform(validation)).F1Score;
            if (f1 > bestF1)
            {
                (best, bestF1) = (model, f1);
            }
        }

        return best is null ? 0 : ml.BinaryClassification.Evaluate(best.Transform(split.TestSet)).F1Score;
    }
}
