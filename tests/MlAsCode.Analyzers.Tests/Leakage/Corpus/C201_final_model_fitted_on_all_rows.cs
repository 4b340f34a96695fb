// clean: after evaluation elsewhere, the shipped model is fitted on every row and saved, with no evaluation after it
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Housing;

public sealed class House
{
    [LoadColumn(0)] public float Rooms { get; set; }
    [LoadColumn(1)] public float Area { get; set; }
    [LoadColumn(2), ColumnName("Label")] public float Price { get; set; }
}

public sealed class FinalPriceModel
{
    public void Ship(string csv, string modelPath)
    {
        var ml = new MLContext(seed: 1);
        IDataView houses = ml.Data.LoadFromTextFile<House>(csv, ',', hasHeader: true);
        var pipeline = ml.Transforms.Concatenate("Features", "Rooms", "Area")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.Regression.Trainers.Sdca());
        var model = pipeline.Fit(houses);
        ml.Model.Save(model, houses.Schema, modelPath);
    }
}
