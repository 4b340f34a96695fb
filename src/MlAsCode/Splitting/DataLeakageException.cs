using System;

namespace MlAsCode.Splitting;

/// <summary>
/// A split that would leak: train and test share rows or entities, training events come after test events, or a
/// holdout was changed after it was fingerprinted. The message says what was found, how often, and an example.
/// </summary>
public sealed class DataLeakageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DataLeakageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DataLeakageException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public DataLeakageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
