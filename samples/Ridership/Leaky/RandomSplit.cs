// The deliberately wrong variant, kept out of the build (Ridership.csproj: <Compile Remove="Leaky\**" />).
// Include it and the build reports ML0204: a random split of time-ordered data lets the model train on days after
// the ones it is tested on, so the offline MAE is better than any forecast can be.
using System.Linq;
using MlAsCode;

namespace Ridership;

public static class LeakySplit
{
    public static void Run(string path)
    {
        RidershipDay[] rows = [.. RidershipDay.ReadCsv(path)];
        var split = RidershipDay.Features.Split(rows, SplitStrategy.Random);   // ML0204: RidershipDay has [EventTime]
        System.Console.WriteLine($"{split.Train.Length} training days, {split.Test.Length} test days, shuffled across time");
    }
}
