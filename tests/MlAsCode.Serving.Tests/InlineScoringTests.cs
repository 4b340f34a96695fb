using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace MlAsCode.Serving.Tests;

/// <summary>An in-process model that may run inline, slowed on demand, recording the thread of each call.</summary>
public sealed class InlineCapableScorer(IRowScorer inner) : IRowScorer
{
    public int Width => inner.Width;

    public bool RunsInline => true;

    public TimeSpan Delay { get; set; }

    public ConcurrentQueue<string> Threads { get; } = new();

    public float[] Score(float[] features, int rows)
    {
        Threads.Enqueue(Thread.CurrentThread.Name is { } name && name.Contains(" scoring ", StringComparison.Ordinal) ? name : "request thread");
        if (Delay > TimeSpan.Zero)
        {
            Thread.Sleep(Delay);
        }

        return inner.Score(features, rows);
    }
}

public sealed class InlineScoringTests(TrainedModel model) : IClassFixture<TrainedModel>
{
    private async Task<JsonNode> Predict(ServedApp app, Customer row) =>
        JsonNode.Parse(await (await app.Client.PostAsync("/churn/predict", Requests.Content(row))).Content.ReadAsStringAsync())!;

    [Fact]
    public async Task A_fast_model_scores_on_the_request_thread_and_a_slow_call_sends_the_next_ones_to_the_scoring_threads_where_the_timeout_holds()
    {
        InlineCapableScorer? scorer = null;
        await using var app = await ServedApp.StartAsync(model.ModelPath, model.PipelinePath, o => o.Timeout = TimeSpan.FromSeconds(2),
            wrap: inner => scorer = new InlineCapableScorer(inner));
        var row = model.Rows[3];

        // Fast: inline, on the request's own thread, with the model's answer.
        scorer!.Threads.Clear();
        var fast = await Predict(app, row);
        Assert.Equal("model", fast["source"]!.GetValue<string>());
        Assert.Equal(["request thread"], scorer.Threads.ToArray());

        // A call over a quarter of the timeout still answers (inline calls are not cut) ...
        scorer.Delay = TimeSpan.FromMilliseconds(700);
        Assert.Equal("model", (await Predict(app, row))["source"]!.GetValue<string>());

        // ... and the next calls go to the scoring threads, where a call past the timeout gets the fallback.
        scorer.Delay = TimeSpan.FromSeconds(5);
        scorer.Threads.Clear();
        var slow = await Predict(app, row);
        Assert.Equal(("fallback", "timeout"), (slow["source"]!.GetValue<string>(), slow["fallback_reason"]!.GetValue<string>()));
        Assert.StartsWith("Churn scoring", scorer.Threads.Single(), StringComparison.Ordinal);

        // Without inline scoring every call is on a scoring thread.
        InlineCapableScorer? strict = null;
        await using var strictApp = await ServedApp.StartAsync(model.ModelPath, model.PipelinePath, o => o.InlineScoring = false, wrap: inner => strict = new InlineCapableScorer(inner));
        strict!.Threads.Clear();
        await Predict(strictApp, row);
        Assert.StartsWith("Churn scoring", strict.Threads.Single(), StringComparison.Ordinal);
    }
}
