// clean: a loop puts each row in exactly one of two lists (a hash split)
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Agriculture;

public sealed class Field
{
    public string FieldId { get; set; } = "";
    public float Rainfall { get; set; }
    [ColumnName("Label")] public float Yield { get; set; }
}

public static class YieldModel
{
    public static double RSquared(MLContext ml, IEnumerable<Field> fields)
    {
        var train = new List<Field>();
        var test = new List<Field>();
        foreach (var field in fields)
        {
            if ((uint)field.FieldId.GetHashCode() % 5 == 0)
            {
                test.Add(field);
            }
            else
            {
                train.Add(field);
            }
        }

        var model = ml.Transforms.Concatenate("Features", "Rainfall")
            .Append(ml.Regression.Trainers.Sdca())
            .Fit(ml.Data.LoadFromEnumerable(train));
        return ml.Regression.Evaluate(model.Transform(ml.Data.LoadFromEnumerable(test))).RSquared;
    }
}
