using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Text.Json;
using MlAsCode.Rag.Answering;
using MlAsCode.Rag.Chunking;
using MlAsCode.Rag.Pipeline;
using MlAsCode.Rag.Store;

namespace MlAsCode.Rag.Tests;

public sealed class AskProtocolTests
{
    private static (RagAskRequest? Request, System.Collections.Generic.Dictionary<string, string[]> Errors) Parse(string json, int max = 100) =>
        RagAskProtocol.Parse(Encoding.UTF8.GetBytes(json), max);

    [Fact]
    public void A_question_with_filters_is_read_and_dates_are_universal()
    {
        var (request, errors) = Parse("""{"question": "  How do I sort?  ", "source": "howto/", "section": "Sorting", "from": "2024-01-01", "to": "2024-12-31T12:00:00+02:00"}""");
        Assert.Empty(errors);
        Assert.Equal("How do I sort?", request!.Question);
        Assert.Equal(new SearchFilter("howto/", "Sorting", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 12, 31, 10, 0, 0, TimeSpan.Zero)), request.Filter);
        Assert.Null(Parse("""{"question": "Why?", "source": null}""").Request!.Filter);
    }

    [Theory]
    [InlineData("not json", "body", "The body is not JSON")]
    [InlineData("[1, 2]", "body", "The body must be a JSON object with a \"question\", not array.")]
    [InlineData("{}", "question", "A non-empty question is required.")]
    [InlineData("""{"question": "   "}""", "question", "A non-empty question is required.")]
    [InlineData("""{"question": ["a"]}""", "question", "Expected a string, got array.")]
    [InlineData("""{"question": "Why?", "top": 3}""", "top", "Unknown field; expected question, source, section, from or to.")]
    [InlineData("""{"question": "Why?", "to": "soon"}""", "to", "'soon' is not a date; expected ISO 8601 such as 2024-05-01 or 2024-05-01T12:00:00Z.")]
    [InlineData("""{"question": "Why?", "from": "2025-01-01", "to": "2024-01-01"}""", "from", "from (2025-01-01T00:00:00.0000000+00:00) is after to (2024-01-01T00:00:00.0000000+00:00).")]
    public void Every_problem_is_reported_by_field(string json, string field, string message)
    {
        var (request, errors) = Parse(json);
        Assert.Null(request);
        Assert.StartsWith(message, Assert.Single(errors[field]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_question_longer_than_the_limit_is_refused_with_both_lengths()
    {
        var (_, errors) = Parse($$"""{"question": "{{new string('a', 101)}}"}""");
        Assert.Equal("The question has 101 characters; the most is 100.", Assert.Single(errors["question"]));
    }

    [Fact]
    public void The_response_carries_the_answer_citations_and_chunks()
    {
        var chunk = new Chunk("Use del to remove an item by index.", "tutorial/datastructures.rst.txt", ["Data Structures", "The del statement"], 4, 120, 9, "abc", null);
        var answer = new Answer("Use del to remove an item by index. " + chunk.Citation, false, 0.712345, [chunk], [new SearchHit(chunk, 0.5, 1)]);
        using var json = JsonDocument.Parse(RagAskProtocol.Write(answer));
        var root = json.RootElement;
        Assert.Equal(answer.Text, root.GetProperty("answer").GetString());
        Assert.False(root.GetProperty("refused").GetBoolean());
        Assert.Equal(0.7123, root.GetProperty("confidence").GetDouble());
        var citation = Assert.Single(root.GetProperty("citations").EnumerateArray().ToList());
        Assert.Equal("[Source: tutorial/datastructures.rst.txt, Data Structures › The del statement]", citation.GetProperty("citation").GetString());
        var hit = Assert.Single(root.GetProperty("chunks").EnumerateArray().ToList());
        Assert.Equal((1, 0.5, 120, "Data Structures › The del statement"),
            (hit.GetProperty("rank").GetInt32(), hit.GetProperty("score").GetDouble(), hit.GetProperty("line").GetInt32(), hit.GetProperty("section").GetString()));
    }

    [Fact]
    public void Text_that_is_not_valid_unicode_is_a_body_error_not_a_crash()
    {
        var (request, errors) = Parse("""{"question": "\udc00 why?"}""");
        Assert.Null(request);
        Assert.StartsWith("The body holds text that is not valid Unicode", Assert.Single(errors["body"]), StringComparison.Ordinal);
    }
}
