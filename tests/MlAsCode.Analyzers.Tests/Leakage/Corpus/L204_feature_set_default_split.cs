// ML0204: the default split options are random, and these rows are time-ordered
using System;
using System.Linq;
using MlAsCode;

namespace Web;

[FeatureSet(Entity = "session")]
public partial record Session
{
    [EventTime] public DateTime StartedAt { get; init; }
    [Target(Positive = "true")] public string Purchased { get; init; } = "";
    [Feature(Transform.Log)] public double Seconds { get; init; }
    [Feature(Transform.OneHot)] public string Device { get; init; } = "";
}

public sealed class SessionModel
{
    public string Fingerprint(string path)
    {
        var sessions = Session.ReadCsv(path).ToList();
        var split = Session.Features.Split(sessions); // ML0204
        var pipeline = Session.Features.Fit(split.Train);
        return pipeline.ContentHash + split.HoldoutFingerprint;
    }
}
