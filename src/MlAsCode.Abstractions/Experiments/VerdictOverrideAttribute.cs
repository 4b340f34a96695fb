using System;

namespace MlAsCode;

/// <summary>
/// Accepts a failing check for this experiment, with the reason on record. A failed fairness check or a fired kill
/// criterion blocks the <c>promoted</c> verdict and registry promotion; an override lets the run be promoted all the
/// same, and the report, the model card and the registry show the override and its reason.
/// </summary>
/// <example>
/// <code>
/// [VerdictOverride("fairness:senior_citizen", "Seniors churn at 42% against 24%: equal selection rates would withhold the retention offer from those who leave; TPR parity is checked instead")]
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class VerdictOverrideAttribute : Attribute
{
    /// <summary>Overrides <paramref name="check"/> for <paramref name="reason"/>.</summary>
    /// <param name="check"><c>fairness</c>, <c>fairness:{attribute}</c>, <c>kill_criteria</c> or
    /// <c>kill_criterion:{when}</c> (the snake_case of a <see cref="KillWhen"/> member, e.g. <c>kill_criterion:baseline_share_above</c>).</param>
    /// <param name="reason">Why the team accepts it; recorded with the run.</param>
    public VerdictOverrideAttribute(string check, string reason)
    {
        Check = check;
        Reason = reason;
    }

    /// <summary>The check overridden.</summary>
    public string Check { get; }

    /// <summary>Why.</summary>
    public string Reason { get; }
}
