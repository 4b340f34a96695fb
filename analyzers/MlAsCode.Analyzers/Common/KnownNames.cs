namespace MlAsCode.Analyzers.Common;

/// <summary>Keys of the properties diagnostics carry to code fixes.</summary>
internal static class DiagnosticProperties
{
    public const string Task = nameof(Task);
}
