using System;
using System.Collections.Immutable;

namespace MlAsCode.Splitting;

/// <summary>How to carve the holdout.</summary>
public sealed record SplitOptions
{
    /// <summary>The strategy (default: random, of whole entities when the feature set has an entity key).</summary>
    public SplitStrategy Strategy { get; init; } = SplitStrategy.Random;

    /// <summary>Share of rows (or entities) in the test set, strictly between 0 and 1.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Seed of every random choice; <c>null</c> uses the feature set's seed.</summary>
    public int? Seed { get; init; }

    /// <summary>For a temporal split: events within this span before the first test event are left out of both sides
    /// (so a label window that overlaps the test period cannot leak).</summary>
    public TimeSpan Gap { get; init; } = TimeSpan.Zero;
}

/// <summary>A train/test split made after removing exact duplicates, with the holdout fingerprinted.</summary>
/// <param name="Train">The training rows.</param>
/// <param name="Test">The holdout rows: evaluate on them once.</param>
/// <param name="Strategy">How the split was made.</param>
/// <param name="Seed">The seed used.</param>
/// <param name="HoldoutFingerprint">SHA-256 (hex) of the holdout's row content hashes, order-independent: compare it
/// later (<c>VerifyHoldout</c>) to prove the holdout was not changed.</param>
/// <param name="DuplicatesRemoved">Exact duplicate rows removed before splitting.</param>
/// <param name="GapRowsDropped">Rows left out of both sides by a temporal gap.</param>
/// <param name="DatasetFingerprint">SHA-256 of every distinct row's content hash (the dataset version experiments
/// record), computed like the holdout fingerprint.</param>
public sealed record TrainTestSplit<TRow>(
    ImmutableArray<TRow> Train,
    ImmutableArray<TRow> Test,
    SplitStrategy Strategy,
    int Seed,
    string HoldoutFingerprint,
    int DuplicatesRemoved,
    int GapRowsDropped,
    string DatasetFingerprint)
{
    /// <summary>One line for logs.</summary>
    public override string ToString() =>
        $"{Strategy} split (seed {Seed}): {Train.Length} train, {Test.Length} test, {DuplicatesRemoved} duplicates removed"
        + (GapRowsDropped > 0 ? $", {GapRowsDropped} rows in the gap dropped" : "") + $"; holdout {HoldoutFingerprint[..12]}";
}

/// <summary>One cross-validation fold.</summary>
/// <param name="Index">0-based fold number.</param>
/// <param name="Train">Rows to fit on.</param>
/// <param name="Validation">Rows to score on.</param>
public sealed record Fold<TRow>(int Index, ImmutableArray<TRow> Train, ImmutableArray<TRow> Validation);
