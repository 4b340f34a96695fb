using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace MlAsCode.Serving;

/// <summary>
/// Adaptive micro-batching: concurrent single-row requests are scored together in one model call of up to
/// <c>maxBatchSize</c> rows. A batch is whatever queued while the scoring threads were busy: when a thread is free the
/// queued rows go at once, so a lone request is scored immediately (no added latency) and under load batches fill by
/// themselves. No request ever waits for other requests to arrive, so batching adds no latency of its own: a queued
/// request waits only for a scoring thread to free up, which it would wait for without batching too.
/// </summary>
public sealed class MicroBatcher : IAsyncDisposable
{
    private readonly IRowScorer _scorer;
    private readonly ScoringThreads _threads;
    private readonly int _maxBatchSize;
    private readonly SemaphoreSlim _free;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    private sealed record Pending(float[] Features, TaskCompletionSource<float> Result);

    /// <summary>Starts the batching loop; at most one batch per scoring thread runs at a time.</summary>
    public MicroBatcher(IRowScorer scorer, int maxBatchSize, ScoringThreads threads)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(threads);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 2);
        (_scorer, _maxBatchSize, _threads) = (scorer, maxBatchSize, threads);
        _free = new SemaphoreSlim(threads.Count, threads.Count);
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
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Requests keep queueing while every scoring thread is busy; they form the next batch.
            await _free.WaitAsync().ConfigureAwait(false);
            var batch = new List<Pending>(Math.Min(_maxBatchSize, 64));
            while (batch.Count < _maxBatchSize && reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                _free.Release();
                continue;
            }

            var rows = batch.ToArray();
            _ = _threads.RunAsync(() =>
            {
                try
                {
                    Run(rows);
                }
                finally
                {
                    _free.Release();
                }

                return true;
            }, CancellationToken.None);
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
