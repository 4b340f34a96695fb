using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process with a fixed, modest iteration count: the machine is shared and noisy, so read the ratio column, not
// the absolute times.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
if (args is ["--tpe-vs-random"])
{
    MlAsCode.Benchmarks.TunerComparison.Run(System.Console.Out);
    return;
}

if (args is ["--serving-batching"])
{
    await MlAsCode.Benchmarks.ServingLoad.RunBatching(System.Console.Out);
    return;
}

if (args is ["--rag", var corpus, var questions])
{
    MlAsCode.Benchmarks.RagBenchmarks.Run(System.Console.Out, corpus, questions);
    return;
}

if (args is ["--rag-pipeline", var pipelineCorpus, var pipelineQuestions])
{
    await MlAsCode.Benchmarks.RagBenchmarks.RunPipeline(System.Console.Out, pipelineCorpus, pipelineQuestions);
    return;
}

if (args is ["--drift"])
{
    MlAsCode.Benchmarks.DriftBenchmarks.Run(System.Console.Out);
    return;
}

if (args is ["--serving-load"])
{
    await MlAsCode.Benchmarks.ServingLoad.RunLoad(System.Console.Out);
    return;
}

if (args is ["--leakage-telemetry"])
{
    var (median, min, max) = await MlAsCode.Benchmarks.LeakageAnalyzerBenchmarks.MeasureOwnTimeAsync(runs: 15);
    System.Console.WriteLine($"LeakageAnalyzer own time per 2,000-line file: median {median:0.0} ms (min {min:0.0}, max {max:0.0}) over 15 runs");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(MlAsCode.Benchmarks.CompilationOverheadBenchmarks).Assembly).Run(args, config);
