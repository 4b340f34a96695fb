using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace MlAsCode.Analyzers.Common;

/// <summary>The additional files of the compilation, each CSV parsed at most once.</summary>
internal sealed class SourceFiles(ImmutableArray<AdditionalText> files)
{
    private readonly ConcurrentDictionary<string, CsvSource?> _parsed = new(StringComparer.Ordinal);

    /// <summary>The declared source (a path relative to the project, e.g. <c>data/telco_churn.csv</c>), or <c>null</c>
    /// when it is not an <c>AdditionalFiles</c> item.</summary>
    public CsvSource? Find(string declared, System.Threading.CancellationToken cancellationToken)
    {
        var wanted = Normalize(declared);
        var file = files.FirstOrDefault(f => Normalize(f.Path).EndsWith("/" + wanted, StringComparison.OrdinalIgnoreCase)
            || string.Equals(Normalize(f.Path), wanted, StringComparison.OrdinalIgnoreCase));
        return file is null
            ? null
            : _parsed.GetOrAdd(file.Path, _ => file.GetText(cancellationToken) is { } text ? CsvSource.Parse(text.ToString()) : null);
    }

    private static string Normalize(string path) => path.Replace('\\', '/').TrimStart('.', '/');
}
