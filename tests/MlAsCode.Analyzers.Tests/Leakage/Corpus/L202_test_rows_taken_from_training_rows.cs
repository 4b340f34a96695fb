// ML0202: the model is trained on every row and "tested" on the first 200 of those same rows
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
        var training = ml.Data.LoadFromEnumerable(tickets);
        var model = ml.Transforms.Concatenate("Features", "Length", "Replies")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression())
            .Fit(training);

        var sample = tickets.Take(200).ToList(); // ML0202
        var test = ml.Data.LoadFromEnumerable(sample);
        return ml.BinaryClassification.Evaluate(model.Transform(test)).Accuracy;
    }
}
