using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace MlAsCode.Cli.Tests;

public sealed class RagCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlac-rag-cli-" + Guid.NewGuid().ToString("N"));

    public RagCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "docs", "guide"));
        File.WriteAllText(Path.Combine(_folder, "docs", "guide", "lists.md"), """
            # Lists

            ## Removing items

            Use the del statement to remove an item from a list by its index. The pop method removes and returns the last item.

            ## Sorting

            The sort method orders a list in place. The sorted function returns a new sorted list and leaves the original unchanged.
            """);
        File.WriteAllText(Path.Combine(_folder, "docs", "files.md"), """
            # Files

            Open a file with the open function and always close it, best with a with statement. Reading a whole file returns a string.
            """);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Store => Path.Combine(_folder, "store");

    [Fact]
    public void Ingest_search_ask_and_eval_a_folder()
    {
        var ingest = Mlac.Run("rag", "ingest", Path.Combine(_folder, "docs"), "--store", Store, "--json");
        Assert.Equal(0, ingest.Code);
        Assert.Equal((2, 2), (JsonNode.Parse(ingest.Output)!["documents"]!.GetValue<int>(), JsonNode.Parse(ingest.Output)!["changed"]!.GetValue<int>()));
        Assert.Equal(0, JsonNode.Parse(Mlac.Run("rag", "ingest", Path.Combine(_folder, "docs"), "--store", Store, "--json").Output)!["changed"]!.GetValue<int>());

        foreach (var mode in new[] { "sparse", "dense", "hybrid" })
        {
            var search = Mlac.Run("rag", "search", "how do I sort a list", "--store", Store, "--top", "2", "--mode", mode, "--json");
            Assert.Equal(0, search.Code);
            var best = JsonNode.Parse(search.Output)!.AsArray()[0]!;
            Assert.Equal(("guide/lists.md", "Lists › Sorting"), (best["source"]!.GetValue<string>(), best["section"]!.GetValue<string>()));
            Assert.Contains("sorted function", best["text"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.True(best["score"]!.GetValue<double>() > 0);
        }

        Terminal.ForceInteractive = true;
        try
        {
            var table = Mlac.Run("rag", "search", "how do I sort a list", "--store", Store, "--top", "2").Output;
            Assert.Contains("2 chunks for \"how do I sort a list\"", table, StringComparison.Ordinal);
            Assert.Contains("│ guide/lists.md", table, StringComparison.Ordinal);
        }
        finally
        {
            Terminal.ForceInteractive = false;
        }

        var answer = JsonNode.Parse(Mlac.Run("rag", "ask", "How can I delete an item at a given index from a list?", "--store", Store, "--json").Output)!;
        Assert.False(answer["refused"]!.GetValue<bool>());
        Assert.Contains("[Source: guide/lists.md, Lists › Removing items]", answer["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        var refusal = Mlac.Run("rag", "ask", "What is the capital of Australia?", "--store", Store);
        Assert.Equal("I don't have enough information.", refusal.Output.Trim());

        var questions = Path.Combine(_folder, "questions.jsonl");
        File.WriteAllLines(questions, [
            """{"question": "How do I remove an element by position?", "source": "guide/lists.md", "section": "Removing items"}""",
            """{"question": "How should I close files?", "source": "files.md", "section": "Files"}""",
            """{"question": "Who won the 2018 World Cup?", "answerable": false}""",
        ]);
        var eval = Mlac.Run("rag", "eval", questions, "--store", Store, "--k", "1", "--rerank", "--json");
        Assert.Equal(0, eval.Code);
        var retrieval = JsonNode.Parse(eval.Output)!["retrieval"]!.AsArray();
        Assert.Equal(["sparse", "dense", "hybrid", "hybrid_reranked"], retrieval.Select(r => r!["mode"]!.GetValue<string>()).ToArray());
        var hybrid = retrieval.Single(r => r!["mode"]!.GetValue<string>() == "hybrid")!;
        Assert.Equal((2, 1.0), (hybrid["questions"]!.GetValue<int>(), hybrid["recall_at_k"]!.GetValue<double>()));
        Assert.Equal(2, retrieval[3]!["questions"]!.GetValue<int>());
        Assert.NotNull(JsonNode.Parse(eval.Output)!["refusal"]);

        // At a terminal the stages run under a progress bar (not drawn without ANSI support); the results follow it.
        Terminal.ForceInteractive = true;
        try
        {
            var shown = Mlac.Run("rag", "eval", questions, "--store", Store, "--k", "1");
            Assert.Equal(0, shown.Code);
            Assert.Contains("2 answerable questions, k = 1", shown.Output, StringComparison.Ordinal);
            Assert.Contains("hybrid         recall@1 1.000", shown.Output, StringComparison.Ordinal);
        }
        finally
        {
            Terminal.ForceInteractive = false;
        }
    }

    [Fact]
    public void Ingest_strategies_cut_the_same_documents_differently()
    {
        // Fixed size packs across sections: the lists document's two sections share one chunk.
        var fixedStore = Path.Combine(_folder, "fixed");
        var fixedIngest = JsonNode.Parse(Mlac.Run("rag", "ingest", Path.Combine(_folder, "docs"), "--store", fixedStore, "--strategy", "fixed", "--json").Output)!;
        var recursiveIngest = JsonNode.Parse(Mlac.Run("rag", "ingest", Path.Combine(_folder, "docs"), "--store", Store, "--json").Output)!;
        Assert.Equal(2, fixedIngest["chunks"]!.GetValue<int>());
        Assert.Equal(3, recursiveIngest["chunks"]!.GetValue<int>());
        Assert.Equal(2, Mlac.Run("rag", "ingest", Path.Combine(_folder, "docs"), "--store", Store, "--strategy", "sentences").Code);
    }

    [Fact]
    public void A_missing_store_or_a_bad_question_file_is_a_usage_error()
    {
        var missing = Mlac.Run("rag", "search", "anything", "--store", Path.Combine(_folder, "nowhere"));
        Assert.Equal(2, missing.Code);
        Assert.Contains("No store at", missing.Error, StringComparison.Ordinal);
        Assert.Equal(0, Mlac.Run("rag", "ingest", Path.Combine(_folder, "docs"), "--store", Store).Code);
        var questions = Path.Combine(_folder, "bad.jsonl");
        File.WriteAllLines(questions, ["""{"question": "ok?", "source": "files.md", "section": "Files"}""", """{"question": "no section", "source": "files.md"}"""]);
        var bad = Mlac.Run("rag", "eval", questions, "--store", Store);
        Assert.Equal(2, bad.Code);
        Assert.Contains("bad.jsonl:2:", bad.Error, StringComparison.Ordinal);
    }
}
