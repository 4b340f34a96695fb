using System;
using System.Collections.Immutable;
using MlAsCode.Experiments;

namespace MlAsCode.Tracking;

/// <summary>Everything recorded for one run.</summary>
public sealed record RunRecord(
    string RunId,
    ExperimentRecord Experiment,
    DateTimeOffset StartedUtc,
    DateTimeOffset? FinishedUtc,
    string Status,
    RunOutcome? Outcome,
    ImmutableSortedDictionary<string, string> Parameters,
    ImmutableArray<MetricRecord> Metrics,
    ImmutableArray<ArtifactRecord> Artifacts);
