using System.Collections.Generic;

namespace MlAsCode.Declarations;

/// <summary>
/// A served model as declared by <c>[Serve]</c> with its <c>[AbTest]</c> and <c>[Monitor]</c>: the one reading of
/// them, shared by the serving runtime (<c>ServingOptions.Declared</c>, which the generated <c>Add{Name}</c> calls) and
/// the analyzers. A setting that was not written is null, so the serving defaults apply to it (the model timeout's
/// default is the attribute's: 100 ms).
/// </summary>
internal sealed record ServeDeclaration(
    string Route,
    int TimeoutMs,
    int? RateLimitPerSecond,
    int? MaxBatchSize,
    int? MaxBatchDelayMs,
    int? MaxBatchRows,
    AbTestDeclaration? AbTest,
    MonitorDeclaration? Monitor)
{
    /// <summary>The model timeout when <c>TimeoutMs</c> is not written.</summary>
    public const int DefaultTimeoutMs = 100;

    /// <summary>The attributes' property names this reader uses (a test holds them against the attribute types).</summary>
    internal static class Names
    {
        public const string Route = nameof(Route);
        public const string TimeoutMs = nameof(TimeoutMs);
        public const string RateLimitPerSecond = nameof(RateLimitPerSecond);
        public const string MaxBatchSize = nameof(MaxBatchSize);
        public const string MaxBatchDelayMs = nameof(MaxBatchDelayMs);
        public const string MaxBatchRows = nameof(MaxBatchRows);
        public const string Hypothesis = nameof(Hypothesis);
        public const string Control = nameof(Control);
        public const string Treatment = nameof(Treatment);
        public const string TreatmentPercent = nameof(TreatmentPercent);
        public const string KeyHeader = nameof(KeyHeader);
        public const string PrimaryMetric = nameof(PrimaryMetric);
        public const string GuardrailMetrics = nameof(GuardrailMetrics);
        public const string PlannedDays = nameof(PlannedDays);
        public const string Warning = nameof(Warning);
        public const string Critical = nameof(Critical);
        public const string WindowSize = nameof(WindowSize);
        public const string IntervalSeconds = nameof(IntervalSeconds);
    }

    /// <summary>Reads the service from its attributes (<paramref name="abTest"/> and <paramref name="monitor"/> null when
    /// not declared).</summary>
    public static ServeDeclaration Read(AttributeView serve, AttributeView? abTest, AttributeView? monitor) => new(
        serve.String(Names.Route) is { } route ? "/" + route.Trim().Trim('/') : "/",
        Whole(serve.Double(Names.TimeoutMs)) ?? DefaultTimeoutMs,
        Whole(serve.Double(Names.RateLimitPerSecond)),
        Whole(serve.Double(Names.MaxBatchSize)),
        Whole(serve.Double(Names.MaxBatchDelayMs)),
        Whole(serve.Double(Names.MaxBatchRows)),
        abTest is { Arguments.Count: 1 } && abTest.Arguments[0] is string name
            ? new AbTestDeclaration(name, abTest.Double(Names.TreatmentPercent) ?? 50, abTest.String(Names.Control), abTest.String(Names.Treatment),
                abTest.String(Names.KeyHeader), abTest.String(Names.PrimaryMetric), abTest.String(Names.Hypothesis),
                abTest.Has(Names.GuardrailMetrics) ? abTest.Strings(Names.GuardrailMetrics) : null, Whole(abTest.Double(Names.PlannedDays)))
            : null,
        monitor is null
            ? null
            : new MonitorDeclaration(monitor.Arguments.Count == 1 ? AttributeView.EnumValue<DriftMethod>(monitor.Arguments[0]) : DriftMethod.Psi,
                monitor.Double(Names.Warning), monitor.Double(Names.Critical), Whole(monitor.Double(Names.WindowSize)), Whole(monitor.Double(Names.IntervalSeconds))));

    private static int? Whole(double? value) => value is { } v ? (int)v : null;
}

/// <summary>An <c>[AbTest]</c>: its name and what was written of it.</summary>
internal sealed record AbTestDeclaration(string Name, double TreatmentPercent, string? Control, string? Treatment, string? KeyHeader,
    string? PrimaryMetric, string? Hypothesis, IReadOnlyList<string>? GuardrailMetrics, int? PlannedDays);

/// <summary>A <c>[Monitor]</c>: the drift statistic and what was written of its thresholds, window and interval.</summary>
internal sealed record MonitorDeclaration(DriftMethod Method, double? Warning, double? Critical, int? WindowSize, int? IntervalSeconds);
