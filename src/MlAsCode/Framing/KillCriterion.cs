using System;
using System.Globalization;

namespace MlAsCode.Framing;

/// <summary>A declared kill criterion: its words and, when given, the checkable form a run evaluates.</summary>
/// <param name="Text">The criterion in words.</param>
/// <param name="When">What a run measures; <see cref="KillWhen.Unchecked"/> for words only.</param>
/// <param name="Threshold">The limit (NaN when none was given).</param>
public sealed record KillCriterion(string Text, KillWhen When = KillWhen.Unchecked, double Threshold = double.NaN)
{
    /// <summary>The name its result and overrides use: <c>kill_criterion:{when}</c> in snake_case.</summary>
    public string CheckName => "kill_criterion:" + Common.SnakeCase.From(When.ToString());

    /// <inheritdoc />
    public override string ToString() => When == KillWhen.Unchecked ? Text
        : string.Create(CultureInfo.InvariantCulture, $"{Text} ({When}{(double.IsNaN(Threshold) ? "" : $" {Threshold:0.####}")})");
}
