using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using MlAsCode.Features.Definition;
using MlAsCode.Splitting;

namespace MlAsCode.Features;

/// <summary>
/// Splits a feature set's rows the way the methodology's leakage checklist asks: exact duplicates removed first, rows of one
/// entity kept together, the holdout fingerprinted, every random choice seeded, and the result checked for shared
/// rows, shared entities and time order before it is returned. Reached through <c>YourRecord.Features.Split</c>,
/// <c>Folds</c>, <c>Deduplicate</c>, <c>CheckNoLeakage</c> and <c>VerifyHoldout</c>. It lives beside the feature set
/// it reads (its target, event time, entity key and content hash); MlAsCode.Splitting holds only the results it
/// returns, so the two namespaces do not depend on each other.
/// </summary>
internal sealed class RowSplitter<TRow>
{
    private readonly string _entity;
    private readonly RowAccessor<TRow, UInt128> _hash;
    private readonly TargetDefinition<TRow>? _target;
    private readonly RowAccessor<TRow, DateTime>? _eventTime;
    private readonly RowAccessor<TRow, EntityId>? _entityKey;

    public RowSplitter(string entity, RowAccessor<TRow, UInt128>? hash, TargetDefinition<TRow>? target,
        RowAccessor<TRow, DateTime>? eventTime, RowAccessor<TRow, EntityId>? entityKey)
    {
        _entity = entity;
        _hash = hash ?? throw new InvalidOperationException(
            $"Feature set {entity} has no content hash: splits need one to find duplicates (generated feature sets have it; pass contentHash: to a hand-made definition).");
        _target = target;
        _eventTime = eventTime;
        _entityKey = entityKey;
    }

    public (ImmutableArray<TRow> Rows, int Removed) Deduplicate(IReadOnlyList<TRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var seen = new HashSet<UInt128>();
        var unique = ImmutableArray.CreateBuilder<TRow>(rows.Count);
        foreach (var row in rows)
        {
            if (seen.Add(_hash(row)))
            {
                unique.Add(row);
            }
        }

        var removed = rows.Count - unique.Count;
        return (unique.DrainToImmutable(), removed);
    }

    public TrainTestSplit<TRow> Split(IReadOnlyList<TRow> rows, SplitOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.TestFraction > 0 && options.TestFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TestFraction, "TestFraction must be strictly between 0 and 1.");
        }

        var (unique, removed) = Deduplicate(rows);
        if (unique.Length < 2)
        {
            throw new ArgumentException($"Feature set {_entity}: {unique.Length} distinct row(s) cannot be split into train and test.", nameof(rows));
        }

        bool[] inTest;
        var gapDropped = 0;
        bool[]? dropped = null;
        switch (options.Strategy)
        {
            case SplitStrategy.Temporal:
                (inTest, dropped, gapDropped) = Temporal(unique, options.TestFraction, options.Gap);
                break;
            case SplitStrategy.Stratified:
                inTest = Stratified(unique, options.TestFraction, seed);
                break;
            case SplitStrategy.Group when _entityKey is null:
                throw new InvalidOperationException($"Feature set {_entity}: a group split needs an [EntityKey] property.");
            default:
                inTest = RandomUnits(Units(unique), unique.Length, options.TestFraction, seed);
                break;
        }

        var train = ImmutableArray.CreateBuilder<TRow>();
        var test = ImmutableArray.CreateBuilder<TRow>();
        for (var i = 0; i < unique.Length; i++)
        {
            if (dropped is not null && dropped[i])
            {
                continue;
            }

            (inTest[i] ? test : train).Add(unique[i]);
        }

        if (train.Count == 0 || test.Count == 0)
        {
            throw new ArgumentException(
                $"Feature set {_entity}: the {options.Strategy} split left {(train.Count == 0 ? "training" : "test")} empty ({unique.Length} distinct rows, test fraction {options.TestFraction}).",
                nameof(rows));
        }

        var result = new TrainTestSplit<TRow>(train.ToImmutable(), test.ToImmutable(), options.Strategy, seed,
            Fingerprint(test), removed, gapDropped, Fingerprint(unique));
        CheckNoLeakage(result.Train, result.Test, options.Strategy == SplitStrategy.Temporal);
        return result;
    }

    public ImmutableArray<Fold<TRow>> Folds(IReadOnlyList<TRow> rows, CrossValidationStrategy strategy, int folds, int seed, int gapRows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (folds < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "Cross-validation needs at least 2 folds.");
        }

        var (unique, _) = Deduplicate(rows);
        if (strategy == CrossValidationStrategy.TimeSeries)
        {
            return TimeSeriesFolds(unique, folds, gapRows);
        }

        var units = Units(unique);
        if (units.Count < folds)
        {
            throw new ArgumentException($"Feature set {_entity}: {units.Count} {(_entityKey is null ? "distinct rows" : "entities")} cannot make {folds} folds.", nameof(rows));
        }

        var foldOf = new int[unique.Length];
        if (strategy == CrossValidationStrategy.StratifiedKFold)
        {
            var next = 0;
            foreach (var (label, members) in ByClass(unique, units))
            {
                if (members.Count < folds)
                {
                    throw new ArgumentException(
                        $"Feature set {_entity}: class '{label}' has {members.Count} {(_entityKey is null ? "rows" : "entities")}, fewer than the {folds} folds; use fewer folds or KFold.",
                        nameof(rows));
                }

                Shuffle(members, new Random(Mix(seed, label)));
                foreach (var unit in members)
                {
                    foreach (var i in unit)
                    {
                        foldOf[i] = next;
                    }

                    next = (next + 1) % folds;
                }
            }
        }
        else
        {
            var order = units.ToList();
            Shuffle(order, new Random(seed));
            var position = 0;
            for (var f = 0; f < folds; f++)
            {
                var size = order.Count / folds + (f < order.Count % folds ? 1 : 0);
                for (var u = position; u < position + size; u++)
                {
                    foreach (var i in order[u])
                    {
                        foldOf[i] = f;
                    }
                }

                position += size;
            }
        }

        var result = ImmutableArray.CreateBuilder<Fold<TRow>>(folds);
        for (var f = 0; f < folds; f++)
        {
            var train = ImmutableArray.CreateBuilder<TRow>();
            var validation = ImmutableArray.CreateBuilder<TRow>();
            for (var i = 0; i < unique.Length; i++)
            {
                (foldOf[i] == f ? validation : train).Add(unique[i]);
            }

            result.Add(new Fold<TRow>(f, train.ToImmutable(), validation.ToImmutable()));
        }

        return result.MoveToImmutable();
    }

    public void CheckNoLeakage(IReadOnlyList<TRow> train, IReadOnlyList<TRow> test, bool temporal)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var trainHashes = new HashSet<UInt128>(train.Select(r => _hash(r)));
        var shared = Enumerable.Range(0, test.Count).Where(i => trainHashes.Contains(_hash(test[i]))).ToList();
        if (shared.Count > 0)
        {
            throw new DataLeakageException(
                // The row's values are not printed: they may hold personal or protected data.
                $"Feature set {_entity}: train and test share {shared.Count} identical row(s) (by content hash); the first is test row {shared[0] + 1} (content hash {_hash(test[shared[0]]):x32}). Remove duplicates before splitting (Split does).");
        }

        if (temporal)
        {
            if (_eventTime is null)
            {
                throw new InvalidOperationException($"Feature set {_entity}: a temporal check needs an [EventTime] property.");
            }

            var lastTrain = train.Select(r => _eventTime(r)).DefaultIfEmpty(DateTime.MinValue).Max();
            var firstTest = test.Select(r => _eventTime(r)).DefaultIfEmpty(DateTime.MaxValue).Min();
            if (lastTrain >= firstTest)
            {
                var late = train.Count(r => _eventTime(r) >= firstTest);
                throw new DataLeakageException(
                    $"Feature set {_entity}: {late} training event(s) are at or after the first test event ({Format(firstTest)}); the latest training event is {Format(lastTrain)}. A temporal split trains only on the past.");
            }

            return;
        }

        if (_entityKey is not null)
        {
            var trainEntities = new HashSet<EntityId>(train.Select(r => _entityKey(r)));
            var sharedEntities = test.Select(r => _entityKey(r)).Where(trainEntities.Contains).Distinct().ToList();
            if (sharedEntities.Count > 0)
            {
                throw new DataLeakageException(
                    $"Feature set {_entity}: {sharedEntities.Count} entit{(sharedEntities.Count == 1 ? "y is" : "ies are")} in both train and test (e.g. '{sharedEntities[0]}'); keep each entity's rows on one side (a group split does).");
            }
        }
    }

    public string Fingerprint(IEnumerable<TRow> holdout)
    {
        ArgumentNullException.ThrowIfNull(holdout);
        var hashes = holdout.Select(r => _hash(r)).Order().ToArray();
        var bytes = new byte[hashes.Length * 16];
        for (var i = 0; i < hashes.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(bytes.AsSpan(i * 16, 16), hashes[i]);
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public void VerifyHoldout(IReadOnlyList<TRow> holdout, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(holdout);
        ArgumentException.ThrowIfNullOrWhiteSpace(fingerprint);
        var actual = Fingerprint(holdout);
        if (!string.Equals(actual, fingerprint, StringComparison.OrdinalIgnoreCase))
        {
            throw new DataLeakageException(
                $"Feature set {_entity}: the holdout changed after it was fingerprinted (expected {fingerprint}, found {actual} over {holdout.Count} rows); results on it are no longer a true holdout.");
        }
    }

    // Rows grouped into units that move together: whole entities when there is an entity key, single rows otherwise.
    private List<List<int>> Units(ImmutableArray<TRow> rows)
    {
        if (_entityKey is null)
        {
            return [.. Enumerable.Range(0, rows.Length).Select(i => new List<int> { i })];
        }

        var byEntity = new Dictionary<EntityId, List<int>>();
        var units = new List<List<int>>();
        for (var i = 0; i < rows.Length; i++)
        {
            var key = _entityKey(rows[i]);
            if (!byEntity.TryGetValue(key, out var unit))
            {
                byEntity[key] = unit = [];
                units.Add(unit);
            }

            unit.Add(i);
        }

        return units;
    }

    private bool[] RandomUnits(List<List<int>> units, int rowCount, double fraction, int seed)
    {
        if (units.Count < 2)
        {
            throw new ArgumentException(
                $"Feature set {_entity}: every row belongs to one entity, so a random or group split would leave one side empty; split a single series with SplitStrategy.Temporal.");
        }

        var order = units.ToList();
        Shuffle(order, new Random(seed));
        var testUnits = Math.Clamp((int)Math.Ceiling(fraction * order.Count), 1, order.Count - 1);
        var inTest = new bool[rowCount];
        foreach (var unit in order.Take(testUnits))
        {
            foreach (var i in unit)
            {
                inTest[i] = true;
            }
        }

        return inTest;
    }

    // Per class (of a unit's first row), the rounded share goes to test, at least one unit on each side of a class
    // with two or more units.
    private bool[] Stratified(ImmutableArray<TRow> rows, double fraction, int seed)
    {
        var inTest = new bool[rows.Length];
        foreach (var (label, members) in ByClass(rows, Units(rows)))
        {
            Shuffle(members, new Random(Mix(seed, label)));
            var take = (int)Math.Round(fraction * members.Count, MidpointRounding.AwayFromZero);
            take = members.Count < 2 ? 0 : Math.Clamp(take, 1, members.Count - 1);
            foreach (var unit in members.Take(take))
            {
                foreach (var i in unit)
                {
                    inTest[i] = true;
                }
            }
        }

        return inTest;
    }

    private IEnumerable<(string Label, List<List<int>> Members)> ByClass(ImmutableArray<TRow> rows, List<List<int>> units)
    {
        if (_target is null)
        {
            throw new InvalidOperationException($"Feature set {_entity}: a stratified split needs a [Target] property.");
        }

        var target = _target;
        return units.GroupBy(u => target.ClassOf(rows[u[0]]), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.ToList()));
    }

    private (bool[] InTest, bool[] Dropped, int DroppedCount) Temporal(ImmutableArray<TRow> rows, double fraction, TimeSpan gap)
    {
        var time = _eventTime ?? throw new InvalidOperationException($"Feature set {_entity}: a temporal split needs an [EventTime] property.");
        var times = rows.Select(r => time(r)).ToArray();
        var sorted = times.Order().ToArray();
        var testCount = Math.Clamp((int)Math.Ceiling(fraction * rows.Length), 1, rows.Length - 1);
        // Every event at the cut-off time goes to test, so one moment is never on both sides.
        var cutoff = sorted[rows.Length - testCount];
        var trainEnd = gap > TimeSpan.Zero ? cutoff - gap : cutoff;
        var inTest = new bool[rows.Length];
        var dropped = new bool[rows.Length];
        var droppedCount = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            inTest[i] = times[i] >= cutoff;
            if (!inTest[i] && times[i] >= trainEnd)
            {
                dropped[i] = true;
                droppedCount++;
            }
        }

        return (inTest, dropped, droppedCount);
    }

    // scikit-learn's TimeSeriesSplit over rows ordered by event time: validation blocks of n / (folds + 1) rows at the
    // end, each fold training on every earlier row (less a gap of rows).
    private ImmutableArray<Fold<TRow>> TimeSeriesFolds(ImmutableArray<TRow> rows, int folds, int gapRows)
    {
        var time = _eventTime ?? throw new InvalidOperationException($"Feature set {_entity}: time-series cross-validation needs an [EventTime] property.");
        ArgumentOutOfRangeException.ThrowIfNegative(gapRows);
        var ordered = rows.Select((r, i) => (Row: r, Time: time(r), Index: i)).OrderBy(x => x.Time).ThenBy(x => x.Index).Select(x => x.Row).ToArray();
        var size = ordered.Length / (folds + 1);
        if (size == 0 || ordered.Length - folds * size - gapRows <= 0)
        {
            throw new ArgumentException($"Feature set {_entity}: {ordered.Length} rows are too few for {folds} time-series folds with a gap of {gapRows}.", nameof(rows));
        }

        var result = ImmutableArray.CreateBuilder<Fold<TRow>>(folds);
        for (var f = 0; f < folds; f++)
        {
            var start = ordered.Length - (folds - f) * size;
            result.Add(new Fold<TRow>(f, [.. ordered[..(start - gapRows)]], [.. ordered[start..(start + size)]]));
        }

        return result.MoveToImmutable();
    }

    private static void Shuffle<T>(IList<T> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    // A per-class seed that does not depend on string.GetHashCode (randomized per process).
    private static int Mix(int seed, string label)
    {
        var hash = (uint)seed ^ 2166136261;
        foreach (var c in label)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private static string Format(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
