using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlAsCode.Features;

namespace MlAsCode.Benchmarks;

/// <summary>The churn sample's features, declared as a user would.</summary>
[FeatureSet(Entity = "customer")]
public partial record BenchCustomer
{
    [Target(Positive = "Yes")] public string Churn { get; init; } = "";
    [Feature] public bool Partner { get; init; }
    [Feature] public bool Dependents { get; init; }
    [Feature(Transform.Standardize)] public float Tenure { get; init; }
    [Feature(Transform.OneHot)] public string Contract { get; init; } = "";
    [Feature(Transform.OneHot)] public string InternetService { get; init; } = "";
    [Feature(Transform.TargetEncode, Folds = 5)] public string PaymentMethod { get; init; } = "";
    [Feature] public bool PaperlessBilling { get; init; }
    [Feature(Transform.Log)]
    [Feature(Transform.Ratio, Other = nameof(Tenure), DivisionByZero = DivisionByZero.Zero)]
    public float MonthlyCharges { get; init; }
    [Feature(Transform.QuantileBin, Bins = 10, Impute = Imputation.Median)] public float TotalCharges { get; init; }
}

/// <summary>The same columns for ML.NET.</summary>
public sealed class MlNetCustomer
{
    public bool Partner { get; set; }
    public bool Dependents { get; set; }
    public float Tenure { get; set; }
    public string Contract { get; set; } = "";
    public string InternetService { get; set; } = "";
    public string PaymentMethod { get; set; } = "";
    public bool PaperlessBilling { get; set; }
    public float MonthlyCharges { get; set; }
    public float TotalCharges { get; set; }
}

/// <summary>ML.NET's output: the concatenated feature vector.</summary>
public sealed class MlNetFeatures
{
    public float[] Features { get; set; } = [];
}

/// <summary>
/// The generated feature pipeline against an equivalent ML.NET transform chain on telco churn (7,043 rows): one row
/// at a time (ML.NET's PredictionEngine, reusing its output object) and the whole table (ML.NET's IDataView path,
/// reading every Features vector). ML.NET has no target encoding; its chain one-hot encodes that column instead, and
/// uses its own log and binning normalizers for the log and quantile-bin features.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class FeatureTransformBenchmarks
{
    private const int RowsPerInvoke = 1000;

    private BenchCustomer[] _rows = [];
    private MlNetCustomer[] _mlNetRows = [];
    private FittedFeaturePipeline<BenchCustomer> _pipeline = null!;
    private float[] _buffer = [];
    private MLContext _ml = null!;
    private ITransformer _mlNetModel = null!;
    private IDataView _mlNetData = null!;
    private PredictionEngine<MlNetCustomer, MlNetFeatures> _engine = null!;
    private MlNetFeatures _output = new();
    private HandWrittenChurnTransform _handWritten = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rows = [.. BenchCustomer.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "telco_churn.csv"))];
        _pipeline = BenchCustomer.Features.Fit(_rows);
        _buffer = new float[_pipeline.Width];
        _handWritten = new HandWrittenChurnTransform(_pipeline.State);
        var expected = new float[_pipeline.Width];
        var floor = new float[_pipeline.Width];
        foreach (var row in _rows)
        {
            _pipeline.Transform(row, expected);
            _handWritten.Transform(row, floor);
            if (!expected.AsSpan().SequenceEqual(floor))
            {
                throw new InvalidOperationException($"The hand-written transform disagrees with the pipeline on customer {row}.");
            }
        }

        _mlNetRows = [.. _rows.Select(r => new MlNetCustomer
        {
            Partner = r.Partner, Dependents = r.Dependents, Tenure = r.Tenure, Contract = r.Contract,
            InternetService = r.InternetService, PaymentMethod = r.PaymentMethod, PaperlessBilling = r.PaperlessBilling,
            MonthlyCharges = r.MonthlyCharges, TotalCharges = r.TotalCharges,
        })];
        _ml = new MLContext(seed: 1);
        _mlNetData = _ml.Data.LoadFromEnumerable(_mlNetRows);
        var chain = _ml.Transforms.Conversion.ConvertType(
                [new("PartnerF", "Partner"), new("DependentsF", "Dependents"), new("PaperlessF", "PaperlessBilling")], DataKind.Single)
            .Append(_ml.Transforms.NormalizeMeanVariance("TenureN", "Tenure"))
            .Append(_ml.Transforms.Categorical.OneHotEncoding(
                [new("ContractO", "Contract"), new("InternetO", "InternetService"), new("PaymentO", "PaymentMethod")]))
            .Append(_ml.Transforms.NormalizeLogMeanVariance("ChargesL", "MonthlyCharges"))
            .Append(_ml.Transforms.Expression("Ratio", "(m, t) => t == 0 ? 0 : m / t", "MonthlyCharges", "Tenure"))
            .Append(_ml.Transforms.ReplaceMissingValues("TotalI", "TotalCharges", MissingValueReplacingEstimator.ReplacementMode.Mean))
            .Append(_ml.Transforms.NormalizeBinning("TotalB", "TotalI", maximumBinCount: 10))
            .Append(_ml.Transforms.Concatenate("Features", "PartnerF", "DependentsF", "TenureN", "ContractO", "InternetO", "PaymentO", "PaperlessF", "ChargesL", "Ratio", "TotalB"));
        _mlNetModel = chain.Fit(_mlNetData);
        _engine = _ml.Model.CreatePredictionEngine<MlNetCustomer, MlNetFeatures>(_mlNetModel);
        _engine.Predict(_mlNetRows[0], ref _output);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RowsPerInvoke, Description = "ML.NET PredictionEngine, per row")]
    [BenchmarkCategory("per row")]
    public float MlNetPerRow()
    {
        var sum = 0f;
        for (var i = 0; i < RowsPerInvoke; i++)
        {
            _engine.Predict(_mlNetRows[i], ref _output);
            sum += _output.Features[0];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = RowsPerInvoke, Description = "MlAsCode Transform, per row")]
    [BenchmarkCategory("per row")]
    public float MlAsCodePerRow()
    {
        var sum = 0f;
        var buffer = _buffer.AsSpan();
        for (var i = 0; i < RowsPerInvoke; i++)
        {
            _pipeline.Transform(_rows[i], buffer);
            sum += buffer[0];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = RowsPerInvoke, Description = "hand-written for this state (the floor), per row")]
    [BenchmarkCategory("per row")]
    public float HandWrittenPerRow()
    {
        var sum = 0f;
        var buffer = _buffer.AsSpan();
        for (var i = 0; i < RowsPerInvoke; i++)
        {
            _handWritten.Transform(_rows[i], buffer);
            sum += buffer[0];
        }

        return sum;
    }

    [Benchmark(Baseline = true, Description = "ML.NET IDataView, whole table")]
    [BenchmarkCategory("batch")]
    public float MlNetBatch()
    {
        var transformed = _mlNetModel.Transform(_mlNetData);
        var column = transformed.Schema["Features"];
        using var cursor = transformed.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var value = default(VBuffer<float>);
        var sum = 0f;
        while (cursor.MoveNext())
        {
            getter(ref value);
            sum += value.GetItemOrDefault(0);
        }

        return sum;
    }

    [Benchmark(Description = "MlAsCode TransformBatch, whole table")]
    [BenchmarkCategory("batch")]
    public float MlAsCodeBatch() => _pipeline.TransformBatch(_rows).Values[0];
}

/// <summary>
/// The floor: the churn features written by hand for this one fitted state (constants in fields, every branch known),
/// to show how close the generated transform is to the best a person could write.
/// </summary>
internal sealed class HandWrittenChurnTransform
{
    private readonly double _tenureCenter, _tenureScale, _totalFill;
    private readonly string[] _contract, _internet, _payment;
    private readonly double[] _paymentValues;
    private readonly double _prior;
    private readonly double[] _edges;

    public HandWrittenChurnTransform(MlAsCode.Features.State.FeaturePipelineState state)
    {
        var c = state.Columns;
        var tenure = (MlAsCode.Features.State.NumericColumnState)c[2];
        _tenureCenter = tenure.Center;
        _tenureScale = tenure.Scale;
        _contract = [.. ((MlAsCode.Features.State.OneHotColumnState)c[3]).Levels];
        _internet = [.. ((MlAsCode.Features.State.OneHotColumnState)c[4]).Levels];
        var te = (MlAsCode.Features.State.TargetEncodingColumnState)c[5];
        _payment = [.. te.Levels.Select(l => l.Level)];
        _paymentValues = [.. te.Levels.Select(l => l.Value)];
        _prior = te.Prior;
        var bins = (MlAsCode.Features.State.NumericColumnState)c[9];
        _edges = [.. bins.Edges];
        _totalFill = bins.Fill ?? double.NaN;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Find(string[] levels, string value)
    {
        for (var i = 0; i < levels.Length; i++)
        {
            if (string.Equals(levels[i], value))
            {
                return i;
            }
        }

        return -1;
    }

    public void Transform(BenchCustomer r, Span<float> d)
    {
        d[0] = r.Partner ? 1 : 0;
        d[1] = r.Dependents ? 1 : 0;
        d[2] = (float)((r.Tenure - _tenureCenter) / _tenureScale);
        d.Slice(3, 6).Clear();
        var i = Find(_contract, r.Contract);
        if (i >= 0) d[3 + i] = 1;
        i = Find(_internet, r.InternetService);
        if (i >= 0) d[6 + i] = 1;
        i = Find(_payment, r.PaymentMethod);
        d[9] = (float)(i >= 0 ? _paymentValues[i] : _prior);
        d[10] = r.PaperlessBilling ? 1 : 0;
        double m = r.MonthlyCharges;
        d[11] = (float)Math.Log(1 + m);
        d[12] = (float)(r.Tenure == 0 ? 0 : m / r.Tenure);
        double t = r.TotalCharges;
        if (!double.IsFinite(t)) t = _totalFill;
        var b = 0;
        var e = _edges;
        while (b < e.Length && e[b] <= t) b++;
        d[13] = b;
    }
}
