using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using Google.Protobuf;

namespace MlAsCode.Training.Torch.Onnx;

/// <summary>
/// Writes a small ONNX model (opset 13) from weights: a graph of standard operators over float tensors. TorchSharp has
/// no ONNX exporter, and the ONNX protobuf schema is stable and small for what an MLP needs, so the messages are
/// written field by field with Google.Protobuf's <see cref="CodedOutputStream"/> (field numbers from onnx.proto3).
/// </summary>
internal sealed class OnnxGraph
{
    private const int FloatType = 1;
    private const int Int64Type = 7;
    private readonly List<byte[]> _nodes = [];
    private readonly List<byte[]> _initializers = [];
    private readonly List<byte[]> _inputs = [];
    private readonly List<byte[]> _outputs = [];
    private int _nodeCount;

    /// <summary>A float input of shape [batch, width], the batch dimension symbolic.</summary>
    public void Input(string name, int width) => _inputs.Add(ValueInfo(name, width));

    /// <summary>A float output; a null width makes it one-dimensional [batch].</summary>
    public void Output(string name, int? width) => _outputs.Add(ValueInfo(name, width));

    /// <summary>A float constant.</summary>
    public void Constant(string name, float[] values, params long[] dims) =>
        _initializers.Add(Tensor(name, FloatType, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), dims));

    /// <summary>An int64 constant.</summary>
    public void Constant(string name, long[] values, params long[] dims) =>
        _initializers.Add(Tensor(name, Int64Type, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), dims));

    /// <summary>A node; attributes are integers (e.g. transB, axis).</summary>
    public void Node(string op, string[] inputs, string output, params (string Name, long Value)[] attributes)
    {
        _nodes.Add(Message(o =>
        {
            foreach (var input in inputs)
            {
                Text(o, 1, input);
            }

            Text(o, 2, output);
            Text(o, 3, $"{op}_{_nodeCount++}");
            Text(o, 4, op);
            foreach (var (name, value) in attributes)
            {
                Embedded(o, 5, Message(a =>
                {
                    Text(a, 1, name);
                    Number(a, 3, value);
                    Number(a, 20, 2); // AttributeType.INT
                }));
            }
        }));
    }

    /// <summary>The model, serialized.</summary>
    public byte[] ToBytes(string graphName, string producerVersion)
    {
        var graph = Message(g =>
        {
            foreach (var node in _nodes)
            {
                Embedded(g, 1, node);
            }

            Text(g, 2, graphName);
            foreach (var tensor in _initializers)
            {
                Embedded(g, 5, tensor);
            }

            foreach (var input in _inputs)
            {
                Embedded(g, 11, input);
            }

            foreach (var output in _outputs)
            {
                Embedded(g, 12, output);
            }
        });
        return Message(m =>
        {
            Number(m, 1, 8); // IR version 8 (ONNX 1.13+), which ONNX Runtime 1.14 and later read.
            Text(m, 2, "MlAsCode");
            Text(m, 3, producerVersion);
            Embedded(m, 7, graph);
            Embedded(m, 8, Message(o =>
            {
                Text(o, 1, "");
                Number(o, 2, 13);
            }));
        });
    }

    private static byte[] Tensor(string name, int dataType, byte[] raw, long[] dims)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian; this writer runs on little-endian machines only.");
        }

        return Message(t =>
        {
            foreach (var dim in dims)
            {
                Number(t, 1, dim);
            }

            Number(t, 2, dataType);
            Text(t, 8, name);
            t.WriteTag(9, WireFormat.WireType.LengthDelimited);
            t.WriteBytes(ByteString.CopyFrom(raw));
        });
    }

    // ValueInfoProto { name = 1; type = 2 { tensor_type = 1 { elem_type = 1; shape = 2 { dim = 1 { dim_value = 1 | dim_param = 2 } } } } }
    private static byte[] ValueInfo(string name, int? width)
    {
        var shape = Message(s =>
        {
            Embedded(s, 1, Message(d =>
            {
                Text(d, 2, "batch");
            }));
            if (width is { } w)
            {
                Embedded(s, 1, Message(d =>
                {
                    Number(d, 1, w);
                }));
            }
        });
        var tensorType = Message(t =>
        {
            Number(t, 1, FloatType);
            Embedded(t, 2, shape);
        });
        return Message(v =>
        {
            Text(v, 1, name);
            Embedded(v, 2, Message(t => Embedded(t, 1, tensorType)));
        });
    }

    private static void Text(CodedOutputStream output, int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    private static void Number(CodedOutputStream output, int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    }

    private static void Embedded(CodedOutputStream output, int field, byte[] message)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(message));
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return buffer.ToArray();
    }
}
