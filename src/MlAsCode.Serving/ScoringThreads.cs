using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace MlAsCode.Serving;

/// <summary>
/// Dedicated threads that run model calls, so a slow or hung model never holds the thread pool's threads: requests
/// keep being accepted, timeouts keep firing (their timers need pool threads) and the fallback keeps answering. A call
/// whose request has given up still runs to its end on its worker, but nobody waits for it.
/// </summary>
public sealed class ScoringThreads : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread[] _threads;
    private int _disposed;

    /// <summary>Starts <paramref name="count"/> background threads.</summary>
    public ScoringThreads(int count, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _threads = new Thread[count];
        for (var i = 0; i < count; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"{name} scoring {i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>How many scoring threads run.</summary>
    public int Count => _threads.Length;

    /// <summary>Runs <paramref name="call"/> on a scoring thread; the task ends when it does, or is cancelled with
    /// <paramref name="cancellationToken"/> (the call itself then finishes unobserved).</summary>
    public Task<T> RunAsync<T>(Func<T> call, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                result.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                result.TrySetResult(call());
            }
            catch (Exception e)
            {
                result.TrySetException(e);
            }
        }, CancellationToken.None);
        return result.Task.WaitAsync(cancellationToken);
    }

    private void Work()
    {
        foreach (var item in _work.GetConsumingEnumerable())
        {
            item();
        }
    }

    /// <summary>Lets the queued calls finish and ends the threads.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _work.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }

        _work.Dispose();
    }
}
