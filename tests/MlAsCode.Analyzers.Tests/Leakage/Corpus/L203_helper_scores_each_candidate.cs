// ML0203: a scoring helper evaluates each candidate on the holdout inside a loop that keeps the best
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Support;

public sealed class Ticket
{
    [LoadColumn(0)] public float Length { get; set; }
    [LoadColumn(1)] public float Replies { get; set; }
    [LoadColumn(2), ColumnName("Label")] public bool Escalated { get; set; }
}

public sealed class EscalationSearch
{
    private readonly MLContext _ml = new(seed: 4);

    private double Score(ITransformer model, IDataView data) =>
        _ml.BinaryClassification.Evaluate(model.Transform(data)).F1Score;

    public ITransformer? Search(string path, IEnumerable<IEstimator<ITransformer>> pipelines)
    {
        var tickets = _ml.Data.LoadFromTextFile<Ticket>(path, ',', hasHeader: true);
        var split = _ml.Data.TrainTestSplit(tickets, 0.2, seed: 4);
        ITransformer? best = null;
        var bestF1 = -1.0;
        foreach (var pipeline in pipelines)
        {
            var model = pipeline.Fit(split.TrainSet);
            var f1 = Score(model, split.TestSet); // ML0203
            if (f1 > bestF1)
            {
                (best, bestF1) = (model, f1);
            }
        }

        return best;
    }
}
