using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace MlAsCode.Experiments;

/// <summary>
/// Metadata an experiment writes into its ONNX model (<c>ModelProto.metadata_props</c>), so the decision the model was
/// evaluated with travels with the file: through the registry, a Docker image or a copy, the served model answers with
/// the threshold its fairness and evaluation were judged at. ONNX Runtime reads it back
/// (<c>InferenceSession.ModelMetadata.CustomMetadataMap</c>).
/// </summary>
/// <remarks>Written by hand rather than through an ONNX protobuf library: appending one repeated field to a serialized
/// message is valid protobuf (fields of concatenated messages merge), and it is all that is needed here.</remarks>
public static class OnnxMetadata
{
    /// <summary>The key of the decision threshold (binary classification): a probability at or above it is the positive label.</summary>
    public const string DecisionThreshold = "mlascode.decision_threshold";

    /// <summary>The key of a regression target's transform (<c>log</c>, <c>log1p</c>, <c>sqrt</c>): the model's output
    /// is on the transformed scale and a consumer applies the inverse (the served scorer does).</summary>
    public const string TargetTransform = "mlascode.target_transform";

    /// <summary>Returns <paramref name="onnx"/> with <paramref name="entries"/> added to its metadata properties.</summary>
    public static byte[] With(byte[] onnx, IEnumerable<KeyValuePair<string, string>> entries)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(entries);
        using var stream = new MemoryStream();
        stream.Write(onnx);
        foreach (var (key, value) in entries)
        {
            // StringStringEntryProto { string key = 1; string value = 2; } as ModelProto field 14.
            using var entry = new MemoryStream();
            WriteString(entry, 1, key);
            WriteString(entry, 2, value);
            WriteTag(stream, 14);
            WriteVarint(stream, (ulong)entry.Length);
            entry.WriteTo(stream);
        }

        return stream.ToArray();
    }

    private static void WriteString(Stream stream, int field, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        WriteTag(stream, field);
        WriteVarint(stream, (ulong)bytes.Length);
        stream.Write(bytes);
    }

    // A length-delimited field's tag: field number and wire type 2.
    private static void WriteTag(Stream stream, int field) => WriteVarint(stream, ((ulong)field << 3) | 2);

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        stream.WriteByte((byte)value);
    }
}
