using System;
using System.Linq;
using System.Text.Json.Nodes;
using MlAsCode.Monitoring;

namespace MlAsCode.Tests.Monitoring;

public class PredictionRecordTests
{
    [Fact]
    public void A_record_reads_back_as_written_and_damaged_lines_are_not_guessed()
    {
        var written = new PredictionRecord(new DateTimeOffset(2026, 12, 8, 9, 30, 0, TimeSpan.Zero), "Houses", "1.2.0", "control",
            new JsonObject { ["neighborhood"] = "Atlantis", ["Gr_Liv_Area"] = 1200 },
            new JsonObject { ["score"] = 181_500.5, ["source"] = "fallback", ["fallback_reason"] = "unknown_category", ["unknown_categories"] = new JsonObject { ["Bldg_Type"] = "Castle" } },
            "fallback", 1.23456);
        var line = written.ToJson().ToJsonString();
        var read = PredictionRecord.Parse(line)!;

        Assert.Equal((written.Time, "Houses", "1.2.0", "control", "fallback"), (read.Time, read.Service, read.ModelVersion, read.Arm, read.Source));
        Assert.Equal(1.235, read.LatencyMs);
        Assert.Equal(181_500.5, read.Prediction);
        Assert.Equal("unknown_category", read.FallbackReason);
        Assert.Equal(["Bldg_Type"], read.UnknownCategories);
        Assert.Equal("Atlantis", read.Inputs!["neighborhood"]!.GetValue<string>());
        // Written twice, the same line: the record's nodes are copied when they already belong to a line.
        Assert.Equal(line, written.ToJson().ToJsonString());

        // A torn last line (the writer appending) is skipped; a text latency is not a number.
        Assert.Null(PredictionRecord.Parse("{\"time\":\"2026-12-08T09:30:00Z\",\"inp"));
        var odd = PredictionRecord.Parse("{\"latency_ms\":\"12\",\"output\":{\"probability\":0.7,\"score\":0.7}}")!;
        Assert.Null(odd.LatencyMs);
        Assert.Equal(0.7, odd.Prediction);
        Assert.Empty(odd.UnknownCategories);
    }
}
