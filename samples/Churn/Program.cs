using System;
using System.Linq;
using Churn;

// Everything printed here comes from code generated out of the declarations in ChurnProblem.cs.
var brief = ChurnProblem.Brief;
Console.WriteLine($"Problem brief: {brief.Name}");
Console.WriteLine($"  business objective : {brief.BusinessObjective}");
Console.WriteLine($"  success metric     : {brief.SuccessMetric}");
Console.WriteLine($"  task               : {brief.Task} (primary metric {brief.PrimaryMetric})");
Console.WriteLine($"  prediction target  : {brief.PredictionTarget}");
Console.WriteLine($"  consumer / latency : {brief.Consumer} / {brief.Latency}");
Console.WriteLine($"  baseline           : {brief.Baseline}");
Console.WriteLine($"  protected          : {string.Join(", ", brief.ProtectedAttributes)}");
Console.WriteLine("  kill criteria      :");
foreach (var criterion in brief.KillCriteria)
{
    Console.WriteLine($"    - {criterion}");
}

Console.WriteLine();
Console.Write(ChurnProblem.Rubric);
return ChurnProblem.Rubric.Dimensions.Any(d => d.Assessed) ? 0 : 1;
