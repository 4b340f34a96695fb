namespace MlAsCode.Analyzers.Common;

/// <summary>Keys of the properties diagnostics carry to code fixes.</summary>
internal static class DiagnosticProperties
{
    public const string Task = nameof(Task);
}

/// <summary>Metadata names of runtime types whose presence says which MlAsCode packages a project references.</summary>
internal static class KnownTypes
{
    public const string FeatureSetDefinition = "MlAsCode.Features.FeatureSetDefinition`1";
    public const string ServingExtensions = "MlAsCode.Serving.ServingExtensions";
    public const string RagEngine = "MlAsCode.Rag.Pipeline.RagEngine";
    public const string RagServiceExtensions = "MlAsCode.Rag.Serving.RagServiceExtensions";
}
