using System.Text;

namespace MlAsCode.Generators.Common;

/// <summary>A small indenting writer: generated code is written line by line, never re-formatted afterwards.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
        }

        _text.Append(line).Append('\n');
        return this;
    }

    public SourceWriter Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close()
    {
        _indent--;
        return Line("}");
    }

    public override string ToString() => _text.ToString();
}
