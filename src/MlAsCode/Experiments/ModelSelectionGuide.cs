using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;

namespace MlAsCode.Experiments;

/// <summary>What the data looks like, for the model selection guide.</summary>
public enum DataModality
{
    /// <summary>Rows and columns.</summary>
    Tabular,

    /// <summary>Images.</summary>
    Image,

    /// <summary>Free text.</summary>
    Text,

    /// <summary>Observations ordered in time (forecasting).</summary>
    TimeSeries,
}

/// <summary>The guide's answer for one problem.</summary>
/// <param name="Row">The methodology's row it comes from ("Tabular classification").</param>
/// <param name="StartWith">The first model to try.</param>
/// <param name="ScaleTo">What to move to, and when.</param>
/// <param name="Avoid">The methodology's warning.</param>
/// <param name="Family">The MlAsCode model family that starts it (<c>[Experiment(Model = ...)]</c>), when MlAsCode trains it.</param>
/// <param name="InMlAsCode">How to do it with MlAsCode.</param>
/// <param name="Reasons">Why, from the task and the data's size.</param>
/// <param name="Warnings">What the data's size says against the plan (the methodology's ML-vs-rules signals, ML0301).</param>
public sealed record ModelRecommendation(
    string Row, string StartWith, string ScaleTo, string Avoid, ModelFamily? Family, string InMlAsCode,
    ImmutableArray<string> Reasons, ImmutableArray<string> Warnings);

/// <summary>
/// The methodology's Phase 3 model selection guide as a function: a task, the kind of data and its size give the model to
/// start with, what to scale to, what to avoid, and the reasons — with the size thresholds the methodology states (deep
/// learning not under 10,000 rows, neural nets only over 100,000, ML over rules from 1,000 labeled examples, complex
/// recommenders not under 1,000 users).
/// </summary>
public static class ModelSelectionGuide
{
    /// <summary>Recommends a model for <paramref name="task"/> on <paramref name="rows"/> examples.</summary>
    /// <param name="task">The ML task.</param>
    /// <param name="rows">Labeled examples (rows, images, documents, time steps).</param>
    /// <param name="modality">What the data is.</param>
    /// <param name="users">Recommendation: distinct users.</param>
    /// <param name="labeledAnomalies">Anomaly detection: whether anomalies are labeled.</param>
    /// <exception cref="ArgumentException">The guide has no row for the task (clustering), or the input is invalid.</exception>
    public static ModelRecommendation Recommend(MlTask task, long rows, DataModality modality = DataModality.Tabular, long? users = null, bool labeledAnomalies = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var reasons = new List<string>();
        var warnings = new List<string>();
        var n = rows.ToString("N0", CultureInfo.InvariantCulture);
        if (rows < 1_000 && task is not (MlTask.Generation or MlTask.Ranking))
        {
            warnings.Add($"{n} labeled examples: under the methodology's 1,000, the ML-vs-rules table favours rules — declare a rules [Baseline] and let it be beaten first.");
        }

        ModelRecommendation Make(string row, string start, string scale, string avoid, ModelFamily? family, string how) =>
            new(row, start, scale, avoid, family, how, [.. reasons], [.. warnings]);

        switch (task)
        {
            case MlTask.BinaryClassification or MlTask.MulticlassClassification or MlTask.Regression when modality == DataModality.TimeSeries:
                reasons.Add("Time-ordered data: a Prophet/ARIMA-style baseline first, then gradient boosting on lag and rolling features.");
                reasons.Add("Split by time (SplitStrategy.Temporal) and cross-validate with expanding windows; a random split is ML0204.");
                return Make("Time series", "Prophet/ARIMA baseline → LightGBM", "Temporal Fusion Transformer", "LSTM without strong reason",
                    ModelFamily.LightGbm, "[Feature(Transform.Lag)] and [Feature(Transform.Rolling)] features, [Experiment(Model = ModelFamily.LightGbm)] with SplitStrategy.Temporal and CrossValidationStrategy.TimeSeries");

            case MlTask.BinaryClassification or MlTask.MulticlassClassification when modality == DataModality.Tabular:
                Tabular(rows, n, reasons, warnings);
                return Make("Tabular classification", "XGBoost/LightGBM", "Neural nets only if >100K samples", "Deep learning on <10K samples",
                    ModelFamily.LightGbm, "[Experiment(Model = ModelFamily.LightGbm)]; ModelFamily.Mlp (TorchSharp) only past 100,000 rows");

            case MlTask.Regression when modality == DataModality.Tabular:
                Tabular(rows, n, reasons, warnings);
                reasons.Add("High-cardinality categories: CatBoost is the methodology's step up (not in MlAsCode); target encoding with K folds is (Transform.TargetEncode).");
                return Make("Tabular regression", "XGBoost/LightGBM", "CatBoost for high-cardinality cats", "Linear regression without feature engineering",
                    ModelFamily.LightGbm, "[Experiment(Model = ModelFamily.LightGbm)]");

            case MlTask.BinaryClassification or MlTask.MulticlassClassification when modality == DataModality.Image:
                reasons.Add(rows > 100_000 ? $"{n} images: past 100,000, a Vision Transformer is worth trying." : $"{n} images: fine-tune a pretrained network; a Vision Transformer only past 100,000.");
                return Make("Image classification", "Fine-tune ResNet/EfficientNet", "Vision Transformer if >100K images", "Training from scratch",
                    null, "not trained by MlAsCode: fine-tune elsewhere, export ONNX, track it with ExperimentRunner and the registry");

            case MlTask.BinaryClassification or MlTask.MulticlassClassification when modality == DataModality.Text:
                reasons.Add(rows < 1_000 ? $"{n} labeled texts: scarce labels — LLM few-shot through IChatClient before fine-tuning." : $"{n} labeled texts: enough to fine-tune an encoder.");
                return Make("Text classification", "Fine-tune BERT/RoBERTa", "LLM few-shot if labeled data scarce", "Bag-of-words for nuanced tasks",
                    null, "not trained by MlAsCode: LLM few-shot through Microsoft.Extensions.AI IChatClient, or fine-tune elsewhere and export ONNX");

            case MlTask.Generation:
                reasons.Add("Prompt a hosted model first; fine-tune an open model only for scale or cost (the methodology's common mistake: fine-tuning when prompting works).");
                return Make("Text generation", "GPT-4/Claude API", "Fine-tuned Llama/Mistral for cost", "Training from scratch",
                    null, "[RagPipeline] with any IChatClient, cost controls as ChatClientBuilder steps (docs/rag.md)");

            case MlTask.Ranking:
                reasons.Add("A BM25 baseline first; add semantic retrieval and reranking when it misses paraphrases.");
                return Make("Search/ranking", "BM25 baseline → Learning to Rank", "Cross-encoder reranking", "Pure keyword without semantic",
                    null, "MlAsCode.Rag: Bm25Index, hybrid search (RRF), LateInteractionReranker; mlac rag eval measures recall@k and MRR");

            case MlTask.Recommendation:
                if (users is { } u && u < 1_000)
                {
                    warnings.Add($"{u.ToString("N0", CultureInfo.InvariantCulture)} users: the methodology avoids complex models on fewer than 1,000 users.");
                }

                reasons.Add("A collaborative filtering baseline first; two-tower networks when it plateaus.");
                return Make("Recommendation", "Collaborative filtering baseline", "Two-tower neural", "Complex models on <1K users",
                    null, "not trained by MlAsCode");

            case MlTask.AnomalyDetection:
                if (labeledAnomalies)
                {
                    reasons.Add("Labeled anomalies exist: they evaluate the detector (Precision@K) — and a supervised classifier becomes an option to compare.");
                }
                else
                {
                    reasons.Add("No labeled anomalies: unsupervised (Isolation Forest); a supervised method without labels is what the methodology avoids.");
                }

                return Make("Anomaly detection", "Isolation Forest", "Autoencoder if high-dimensional", "Supervised methods without labeled anomalies",
                    ModelFamily.IsolationForest, "[Experiment(Model = ModelFamily.IsolationForest)], evaluated by Precision@K");

            case MlTask.Clustering:
                throw new ArgumentException("The methodology's model selection guide has no row for clustering.");

            default:
                throw new ArgumentException($"No guide row for task {task} on {modality} data.");
        }
    }

    private static void Tabular(long rows, string n, List<string> reasons, List<string> warnings)
    {
        reasons.Add("Gradient-boosted trees are the strongest start on tabular data and need little preprocessing.");
        if (rows < 10_000)
        {
            warnings.Add($"{n} rows: under 10,000 — no deep learning (ML0301 flags an MLP experiment on this data).");
        }
        else if (rows > 100_000)
        {
            reasons.Add($"{n} rows: over 100,000, a neural net (ModelFamily.Mlp) is worth one experiment against the trees.");
        }
        else
        {
            reasons.Add($"{n} rows: between 10,000 and 100,000 — stay with trees; a neural net is unlikely to pay.");
        }
    }
}
