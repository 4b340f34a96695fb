using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace MlAsCode.Serving;

/// <summary>
/// Adaptive micro-batching, as BentoML does it: single-row requests arriving together are scored in one model call of
/// up to <c>maxBatchSize</c> rows; the first request of a batch waits at most <c>maxDelay</c> for others to join. With
/// one request in flight the batch is that request alone after the delay; under load batches fill at once.
/// </summary>
public sealed class MicroBatcher : IAsyncDisposable
{
    private readonly IRowScorer _scorer;
    private readonly ScoringThreads _threads;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _maxDelay;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    private sealed record Pending(float[] Features, TaskCompletionSource<float> Result);

    /// <summary>Starts the batching loop.</summary>
    public MicroBatcher(IRowScorer scorer, int maxBatchSize, TimeSpan maxDelay, ScoringThreads threads)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(threads);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 2);
        (_scorer, _maxBatchSize, _maxDelay, _threads) = (scorer, maxBatchSize, maxDelay, threads);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Rows scored in the last batch (for metrics and tests).</summary>
    public int LastBatchSize { get; private set; }

    /// <summary>Queues one row and returns its score once its batch has run.</summary>
    public Task<float> ScoreAsync(float[] features, CancellationToken cancellationToken)
    {
        var pending = new Pending(features, new TaskCompletionSource<float>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(MicroBatcher), "The service is shutting down.");
        }

        return pending.Result.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(_maxBatchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var started = Stopwatch.GetTimestamp();
            while (batch.Count < _maxBatchSize)
            {
                if (reader.TryRead(out var next))
                {
                    batch.Add(next);
                    continue;
                }

                var left = _maxDelay - Stopwatch.GetElapsedTime(started);
                if (batch.Count > 0 && left <= TimeSpan.Zero)
                {
                    break;
                }

                using var wait = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero);
                try
                {
                    if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            if (batch.Count > 0)
            {
                // The model call runs on a scoring thread; the loop goes on collecting the next batch meanwhile.
                var rows = batch.ToArray();
                _ = _threads.RunAsync(() => { Run(rows); return true; }, CancellationToken.None);
            }
        }
    }

    private void Run(Pending[] batch)
    {
        var width = _scorer.Width;
        var features = new float[batch.Length * width];
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i].Features.CopyTo(features, i * width);
        }

        try
        {
            var scores = _scorer.Score(features, batch.Length);
            LastBatchSize = batch.Length;
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i].Result.TrySetResult(scores[i]);
            }
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
            {
                pending.Result.TrySetException(e);
            }
        }
    }

    /// <summary>Stops taking rows, scores the ones queued (graceful shutdown) and ends the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
