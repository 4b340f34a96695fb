using System;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace MlAsCode.Serving;

/// <summary>
/// Appends every prediction as one JSON line — time, service, model version, A/B arm, inputs, output, source (model or
/// fallback) and latency — to a file the monitoring capability reads. Writes happen on a background task so requests
/// never wait for the disk; disposing flushes what is queued.
/// </summary>
public sealed class PredictionLog : IAsyncDisposable
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <summary>Opens (appends to) <paramref name="path"/>.</summary>
    public PredictionLog(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <summary>Queues one prediction. <paramref name="inputs"/> is taken over (not copied); <paramref name="output"/>
    /// is copied, since the response holds it too.</summary>
    public void Append(DateTimeOffset time, string service, string modelVersion, string? arm, JsonNode? inputs, JsonObject output, string source, double latencyMs) =>
        Append(new Monitoring.PredictionRecord(time, service, modelVersion, arm, inputs as JsonObject, (JsonObject)output.DeepClone(), source, latencyMs));

    /// <summary>Queues one record (the one type the log's readers read back).</summary>
    public void Append(Monitoring.PredictionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _lines.Writer.TryWrite(record.ToJson().ToJsonString());
    }

    private async Task WriteAsync()
    {
        await using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        while (await _lines.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_lines.Reader.TryRead(out var line))
            {
                await writer.WriteLineAsync(line).ConfigureAwait(false);
            }

            await writer.FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes what is queued and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }
}
