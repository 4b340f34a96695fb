// ML0202: a loop copies every row and adds each positive row a second time, then the list is split
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Marketing;

public sealed class Lead
{
    public float Visits { get; set; }
    public float EmailOpens { get; set; }
    [ColumnName("Label")] public bool Converted { get; set; }
}

public class LeadScoring
{
    public DataOperationsCatalog.TrainTestData Prepare(MLContext ml, IEnumerable<Lead> leads)
    {
        var upsampled = new List<Lead>();
        foreach (var lead in leads)
        {
            upsampled.Add(lead);
            if (lead.Converted)
            {
                upsampled.Add(lead);
            }
        }

        var data = ml.Data.LoadFromEnumerable(upsampled);
        return ml.Data.TrainTestSplit(data, 0.25, seed: 3); // ML0202
    }
}
