using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace MlAsCode.Analyzers.Tests.Leakage;

/// <summary>Code as it is typed: every prefix of a snippet (cut at each line, and at sampled characters) is analysed
/// without an analyzer exception.</summary>
public class LeakageRobustnessTests
{
    public static TheoryData<string> Files() =>
    [
        "L201_helper_fits_scaler_on_all_data.cs",
        "L202_loop_adds_minority_rows_twice.cs",
        "L203_linq_max_by_over_candidates.cs",
        "L203_results_sorted_by_holdout_score.cs",
        "L204_stratified_options_on_event_rows.cs",
        "C203_feature_set_folds_choose.cs",
    ];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_prefix_is_analysed_without_an_exception(string file)
    {
        var source = File.ReadAllText(Path.Combine(LeakageHarness.CorpusFolder, file));
        var cuts = source.Select((c, i) => (c, i)).Where(x => x.c == '\n').Select(x => x.i + 1)
            .Concat(Enumerable.Range(1, source.Length / 37).Select(i => i * 37))
            .Distinct().Order();
        foreach (var cut in cuts)
        {
            var diagnostics = await LeakageHarness.AnalyzeAsync(LeakageHarness.Compile(source[..cut]));
            Assert.True(!diagnostics.Any(d => d.Id == "AD0001"), $"cut at {cut}: " + string.Join("\n", diagnostics.Where(d => d.Id == "AD0001")));
        }
    }
}
