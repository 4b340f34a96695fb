using System;
using System.Linq;
using System.Threading.Tasks;
using MlAsCode.Rag.Answering;

namespace MlAsCode.Rag.Tests;

[Collection(IngestedCorpus.Collection)]
public sealed class AnsweringTests(IngestedCorpus corpus)
{
    [Fact]
    public async Task An_answerable_question_gets_sentences_from_the_right_section_with_citations()
    {
        var answer = await new ExtractiveAnswerer(corpus.Store, corpus.Generator).AnswerAsync("How do I remove an item from a list given its index instead of its value?");
        Assert.False(answer.Refused, $"confidence {answer.Confidence}");
        Assert.Contains("[Source: tutorial/datastructures.rst.txt, Data Structures › The del statement]", answer.Text, StringComparison.Ordinal);
        Assert.Contains(answer.Citations, c => c.Source == "tutorial/datastructures.rst.txt");
        Assert.True(answer.Confidence >= ExtractiveAnswerer.DefaultThreshold);
    }

    [Fact]
    public async Task A_question_the_documents_cannot_answer_is_refused()
    {
        var answer = await new ExtractiveAnswerer(corpus.Store, corpus.Generator).AnswerAsync("How do I configure dependency injection in Spring Boot?");
        Assert.True(answer.Refused, $"confidence {answer.Confidence}: {answer.Text}");
        Assert.Equal("I don't have enough information.", answer.Text);
        Assert.Empty(answer.Citations);
        Assert.NotEmpty(answer.Retrieved);   // what was found is still reported
    }

    [Fact]
    public void Calibration_picks_the_threshold_with_the_best_balanced_accuracy()
    {
        Assert.Equal(0.55, ExtractiveAnswerer.Calibrate([0.6, 0.7, 0.8, 0.5], [0.3, 0.4, 0.5]), 10);
        Assert.Throws<ArgumentException>(() => ExtractiveAnswerer.Calibrate([0.6], []));
    }
}
