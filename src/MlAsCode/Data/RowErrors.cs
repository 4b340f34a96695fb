namespace MlAsCode.Data;

/// <summary>What to do with rows that cannot be read.</summary>
public enum BadRowPolicy
{
    /// <summary>Stop at the first bad row with its file, line, column and what was expected (default).</summary>
    Fail,
    /// <summary>Skip bad rows and list them in the load report's <c>Rejected</c> rows.</summary>
    Skip,
}

/// <summary>A row that could not be read.</summary>
/// <param name="Line">1-based line where the row starts.</param>
/// <param name="Error">Why.</param>
public sealed record RejectedRow(long Line, DataFormatException Error);
