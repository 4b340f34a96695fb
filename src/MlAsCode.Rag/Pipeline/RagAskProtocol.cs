using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MlAsCode.Rag.Answering;
using MlAsCode.Rag.Store;

namespace MlAsCode.Rag.Pipeline;

/// <summary>A question sent to <c>POST {route}/ask</c>.</summary>
/// <param name="Question">The question.</param>
/// <param name="Filter">Metadata the retrieved chunks must match, when the request sets any.</param>
public sealed record RagAskRequest(string Question, SearchFilter? Filter);

/// <summary>
/// The JSON of the generated <c>POST {route}/ask</c> endpoint, kept out of ASP.NET Core so the RAG library stays
/// free of a web framework (the generated endpoint calls these). Request:
/// <c>{"question": "...", "source": "library/", "section": "Lists", "from": "2024-01-01", "to": "2025-01-01"}</c>
/// (all but <c>question</c> optional). Response: <c>answer</c>, <c>refused</c>, <c>confidence</c>,
/// <c>citations</c> (<c>source</c>, <c>section</c>, <c>citation</c>) and <c>chunks</c> (the retrieved chunks:
/// <c>rank</c>, <c>score</c>, <c>source</c>, <c>section</c>, <c>line</c>, <c>text</c>).
/// </summary>
public static class RagAskProtocol
{
    /// <summary>Largest request body read, in bytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Reads a request; every problem is reported by field in <c>Errors</c> (then <c>Request</c> is null).</summary>
    /// <param name="body">The request body.</param>
    /// <param name="maxQuestionLength">Longest question accepted, in characters.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public static async Task<(RagAskRequest? Request, Dictionary<string, string[]> Errors)> ReadAsync(Stream body, int maxQuestionLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var read = await body.ReadAsync(buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBodyBytes)
            {
                return (null, Error("body", $"The body is larger than {MaxBodyBytes} bytes."));
            }
        }

        return Parse(buffer.WrittenSpan, maxQuestionLength);
    }

    /// <summary>Parses a request body (UTF-8 JSON).</summary>
    public static (RagAskRequest? Request, Dictionary<string, string[]> Errors) Parse(ReadOnlySpan<byte> json, int maxQuestionLength)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            return (null, Error("body", $"The body is not JSON: {e.Message}"));
        }

        using (document)
        {
            try
            {
                return Read(document, maxQuestionLength);
            }
            catch (InvalidOperationException e)
            {
                // A string JsonDocument accepted but .NET cannot hold (a lone surrogate escape, invalid UTF-8).
                return (null, Error("body", $"The body holds text that is not valid Unicode: {e.Message}"));
            }
        }
    }

    private static (RagAskRequest? Request, Dictionary<string, string[]> Errors) Read(JsonDocument document, int maxQuestionLength)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return (null, Error("body", $"The body must be a JSON object with a \"question\", not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}."));
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? question = null, source = null, section = null;
        DateTimeOffset? from = null, to = null;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            switch (property.Name)
            {
                case "question":
                    question = Text(property, errors);
                    break;
                case "source":
                    source = Text(property, errors);
                    break;
                case "section":
                    section = Text(property, errors);
                    break;
                case "from":
                    from = Date(property, errors);
                    break;
                case "to":
                    to = Date(property, errors);
                    break;
                default:
                    errors[property.Name] = ["Unknown field; expected question, source, section, from or to."];
                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(question) && !errors.ContainsKey("question"))
        {
            errors["question"] = ["A non-empty question is required."];
        }
        else if (question is not null && question.Length > maxQuestionLength)
        {
            errors["question"] = [$"The question has {question.Length} characters; the most is {maxQuestionLength}."];
        }

        if (from is not null && to is not null && from > to)
        {
            errors["from"] = [$"from ({from:O}) is after to ({to:O})."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var filter = source is null && section is null && from is null && to is null ? null : new SearchFilter(source, section, from, to);
        return (new RagAskRequest(question!.Trim(), filter), errors);
    }

    /// <summary>The response body for <paramref name="answer"/> (UTF-8 JSON).</summary>
    public static byte[] Write(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("answer", answer.Text);
            json.WriteBoolean("refused", answer.Refused);
            json.WriteNumber("confidence", Math.Round(answer.Confidence, 4));
            json.WriteStartArray("citations");
            foreach (var chunk in answer.Citations)
            {
                json.WriteStartObject();
                json.WriteString("source", chunk.Source);
                json.WriteString("section", chunk.Section);
                json.WriteString("citation", chunk.Citation);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("chunks");
            foreach (var hit in answer.Retrieved)
            {
                json.WriteStartObject();
                json.WriteNumber("rank", hit.Rank);
                json.WriteNumber("score", Math.Round(hit.Score, 6));
                json.WriteString("source", hit.Chunk.Source);
                json.WriteString("section", hit.Chunk.Section);
                json.WriteNumber("line", hit.Chunk.Line);
                json.WriteString("text", hit.Chunk.Text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string? Text(JsonProperty property, Dictionary<string, string[]> errors)
    {
        if (property.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (property.Value.ValueKind != JsonValueKind.String)
        {
            errors[property.Name] = [$"Expected a string, got {property.Value.ValueKind.ToString().ToLowerInvariant()}."];
            return null;
        }

        var value = property.Value.GetString();
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    private static DateTimeOffset? Date(JsonProperty property, Dictionary<string, string[]> errors)
    {
        if (Text(property, errors) is not { } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return date;
        }

        errors[property.Name] = [$"'{text}' is not a date; expected ISO 8601 such as 2024-05-01 or 2024-05-01T12:00:00Z."];
        return null;
    }

    private static Dictionary<string, string[]> Error(string field, string message) => new(StringComparer.Ordinal) { [field] = [message] };
}
