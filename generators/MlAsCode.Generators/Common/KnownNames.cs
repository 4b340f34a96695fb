namespace MlAsCode.Generators.Common;

/// <summary>Metadata names of the runtime types generated code is built from; without them nothing is emitted.</summary>
internal static class KnownNames
{
    /// <summary>The runtime type generated briefs are built from.</summary>
    public const string ProblemBrief = "MlAsCode.Framing.ProblemBrief";

    /// <summary>The runtime type generated feature sets are built from.</summary>
    public const string FeatureSetDefinition = "MlAsCode.Features.FeatureSetDefinition`1";

    /// <summary>The runtime type generated experiments run through.</summary>
    public const string ExperimentRunner = "MlAsCode.Experiments.ExperimentRunner`1";
    public const string RunDocuments = "MlAsCode.Experiments.RunDocuments";
    public const string ParquetLoader = "MlAsCode.Data.Parquet.ParquetLoader";

    /// <summary>The ML.NET trainer (MlAsCode.Training), used by the trainer-less <c>RunAsync</c> when referenced.</summary>
    public const string MlNetTrainer = "MlAsCode.Training.Trainers.MlNetTrainer";

    /// <summary>The TorchSharp MLP trainer (MlAsCode.Training.Torch), used by the trainer-less <c>RunAsync</c> of an
    /// MLP experiment when referenced.</summary>
    public const string MlpTrainer = "MlAsCode.Training.Torch.MlpTrainer";

    /// <summary>The serving registration (MlAsCode.Serving) generated <c>[Serve]</c> methods call.</summary>
    public const string ServingExtensions = "MlAsCode.Serving.ServingExtensions";

    public const string RagEngine = "MlAsCode.Rag.Pipeline.RagEngine";
    public const string RagServiceExtensions = "MlAsCode.Rag.Serving.RagServiceExtensions";

}

/// <summary>Names of tracked incremental steps, shared with the caching tests.</summary>
internal static class TrackingNames
{
    public const string ProblemBriefs = nameof(ProblemBriefs);
    public const string RuntimeAvailable = nameof(RuntimeAvailable);
    public const string ProblemBriefsWithRuntime = nameof(ProblemBriefsWithRuntime);
    public const string FeatureSets = nameof(FeatureSets);
    public const string FeatureRuntimeAvailable = nameof(FeatureRuntimeAvailable);
    public const string FeatureSetsWithRuntime = nameof(FeatureSetsWithRuntime);
    public const string Experiments = nameof(Experiments);
    public const string ExperimentRuntime = nameof(ExperimentRuntime);
    public const string ExperimentsWithRuntime = nameof(ExperimentsWithRuntime);
    public const string Services = nameof(Services);
    public const string ServingRuntime = nameof(ServingRuntime);
    public const string ServicesWithRuntime = nameof(ServicesWithRuntime);
    public const string ProblemFeatureSets = nameof(ProblemFeatureSets);
    public const string RagPipelines = nameof(RagPipelines);
    public const string RagRuntime = nameof(RagRuntime);
    public const string RagPipelinesWithRuntime = nameof(RagPipelinesWithRuntime);
}
