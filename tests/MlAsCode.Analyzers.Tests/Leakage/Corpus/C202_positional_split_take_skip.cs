// clean: Take(n) trains and Skip(n) tests: two disjoint parts of one list
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

public static class EscalationModel
{
    public static double Accuracy(MLContext ml, List<Ticket> tickets)
    {
        var shuffled = tickets.OrderBy(_ => System.Random.Shared.Next()).ToList();
        var cut = shuffled.Count * 4 / 5;
        var training = ml.Data.LoadFromEnumerable(shuffled.Take(cut));
        var model = ml.Transforms.Concatenate("Features", "Length", "Replies")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())
            .Fit(training);

        var test = ml.Data.LoadFromEnumerable(shuffled.Skip(cut).ToList());
        return ml.BinaryClassification.Evaluate(model.Transform(test)).Accuracy;
    }
}
