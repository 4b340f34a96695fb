using System;

namespace MlAsCode.Serving;

/// <summary>What one arm did in a window: requests, model failures, model latencies, and the predictions whose outcome
/// has been recorded (score and label pairs, for the primary metric).</summary>
/// <param name="Version">The arm's model version.</param>
/// <param name="Requests">Rows scored or failed.</param>
/// <param name="Failures">Rows the model failed on (error, timeout, open circuit).</param>
/// <param name="LatencyP50Ms">Median latency of the model call, in milliseconds (0 without requests).</param>
/// <param name="Scores">Scores of the labelled predictions.</param>
/// <param name="Labels">Their labels, in the same order.</param>
public sealed record ArmWindow(string Version, int Requests, int Failures, double LatencyP50Ms, double[] Scores, double[] Labels)
{
    /// <summary>Failures per request (0 without requests).</summary>
    public double ErrorRate => Requests == 0 ? 0 : Failures / (double)Requests;
}

/// <summary>Per-arm counters the service keeps for canaries and A/B tests; thread-safe, reset per window. Latencies
/// and labelled predictions are kept in rings of the latest <see cref="Capacity"/>, so a service that never resets
/// (no canary running) holds a fixed amount of memory.</summary>
public sealed class ArmStatistics
{
    /// <summary>How many latencies and labelled predictions a window keeps (the latest).</summary>
    public const int Capacity = 16_384;

    private readonly object _gate = new();
    private readonly Ring _latencies = new();
    private readonly Ring _scores = new();
    private readonly Ring _labels = new();
    private int _requests;
    private int _failures;

    /// <summary>Records a model call for <paramref name="rows"/> rows.</summary>
    public void Record(double latencyMs, bool failed, int rows = 1)
    {
        lock (_gate)
        {
            _requests += rows;
            _failures += failed ? rows : 0;
            _latencies.Add(latencyMs);
        }
    }

    /// <summary>Records the outcome of a prediction.</summary>
    public void Label(double score, double label)
    {
        lock (_gate)
        {
            _scores.Add(score);
            _labels.Add(label);
        }
    }

    /// <summary>Clears the window.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            (_requests, _failures) = (0, 0);
            _latencies.Clear();
            _scores.Clear();
            _labels.Clear();
        }
    }

    /// <summary>The window so far; <paramref name="reset"/> starts a new one.</summary>
    public ArmWindow Snapshot(string version, bool reset)
    {
        lock (_gate)
        {
            var sorted = _latencies.ToArray();
            Array.Sort(sorted);
            var window = new ArmWindow(version, _requests, _failures, sorted.Length == 0 ? 0 : sorted[(sorted.Length - 1) / 2], _scores.ToArray(), _labels.ToArray());
            if (reset)
            {
                Reset();
            }

            return window;
        }
    }

    // The latest Capacity values, oldest first.
    private sealed class Ring
    {
        private readonly double[] _values = new double[Capacity];
        private long _count;

        public void Add(double value) => _values[_count++ % Capacity] = value;

        public void Clear() => _count = 0;

        public double[] ToArray()
        {
            if (_count <= Capacity)
            {
                return _values[..(int)_count];
            }

            var start = (int)(_count % Capacity);
            return [.. _values[start..], .. _values[..start]];
        }
    }
}
