using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlAsCode.Monitoring;

/// <summary>Reads a served model's prediction log (the JSON lines <c>MlAsCode.Serving.PredictionLog</c> writes) for the
/// commands that analyse one (<c>mlac drift</c>, <c>mlac cost</c>): every record with its line number; a line that is
/// not a JSON object stops the read with the file and line.</summary>
internal static class PredictionLogFile
{
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="ArgumentException">A line is not JSON, or not an object.</exception>
    public static IEnumerable<(int Line, JsonObject Record)> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No prediction log at {path}.", path);
        }

        return Records(path, Path.GetFileName(path));
    }

    private static IEnumerable<(int Line, JsonObject Record)> Records(string path, string name)
    {
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonNode? record;
            try
            {
                record = JsonNode.Parse(text);
            }
            catch (JsonException e)
            {
                throw new ArgumentException($"{name}, line {line}: not a JSON prediction record ({e.Message}).");
            }

            yield return record is JsonObject entry
                ? (line, entry)
                : throw new ArgumentException($"{name}, line {line}: not a JSON prediction record (expected an object, found {record?.GetValueKind().ToString() ?? "null"}).");
        }
    }
}
