using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlAsCode.Analyzers.Leakage;

/// <summary>Control flow: both branches of a condition joined (and whether a comparison of scores chooses), loop bodies
/// visited twice, and the states they join.</summary>
internal sealed partial class Interpreter
{
    /// <summary>An <c>if</c>: a comparison of scores in its condition chooses only when a branch keeps something
    /// (assigns a model, a score or a hyperparameter to a variable, adds it to a list, returns one model of several);
    /// a gate that throws, logs or returns a flag does not.</summary>
    private void If(IConditionalOperation conditional)
    {
        var compared = Compared(conditional.Condition);
        var keeps = _keeps;
        var outerReturned = _branchReturned;
        _branchReturned = Value.None;
        Branches(conditional.WhenTrue, conditional.WhenFalse);
        if (_keeps > keeps)
        {
            _analysis.MarkChosen(compared);
        }
        else if (!compared.IsEmpty && !_branchReturned.Models.IsEmpty)
        {
            _returnChoices.Add((compared, _branchReturned.Models));
        }

        _branchReturned = outerReturned.Join(_branchReturned);
    }

    /// <summary>Evaluates a condition, collecting the evaluations its comparisons read instead of marking them chosen.</summary>
    private ImmutableHashSet<int> Compared(IOperation condition)
    {
        var outer = _compared;
        _compared = [];
        Eval(condition);
        var compared = _compared;
        _compared = outer;
        return compared;
    }

    /// <summary>Whether an assignment keeps something chosen: rows, a model or a score, or any computed value that
    /// is not text or a flag.</summary>
    private static bool Keeps(ITypeSymbol? type, IOperation? operation, Value value)
    {
        if (value.IsSubstantial)
        {
            return true;
        }

        if (type is null || type.SpecialType is SpecialType.System_String or SpecialType.System_Boolean)
        {
            return false;
        }

        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return !value.Metrics.IsEmpty || operation is not null && !operation.ConstantValue.HasValue;
    }

    private void Branches(IOperation? whenTrue, IOperation? whenFalse)
    {
        var before = Snapshot();
        _branch++;
        Exec(whenTrue);
        var afterTrue = _state;
        _state = Copy(before);
        Exec(whenFalse);
        _branch--;
        _state = JoinStates(afterTrue, _state);
    }

    private void Loop(ILoopOperation loop)
    {
        switch (loop)
        {
            case IForEachLoopOperation forEach:
                var collection = Eval(forEach.Collection);
                LoopBody(() =>
                {
                    BindLoopVariable(forEach.LoopControlVariable, collection);
                    Exec(forEach.Body);
                });
                break;
            case IForLoopOperation @for:
                foreach (var before in @for.Before)
                {
                    Exec(before);
                }

                LoopBody(() =>
                {
                    Eval(@for.Condition);
                    Exec(@for.Body);
                    foreach (var atEnd in @for.AtLoopBottom)
                    {
                        Exec(atEnd);
                    }
                });
                break;
            case IWhileLoopOperation @while:
                LoopBody(() =>
                {
                    Eval(@while.Condition);
                    Exec(@while.Body);
                });
                break;
            default:
                LoopBody(() => Exec(loop.Body));
                break;
        }
    }

    private void LoopBody(System.Action body)
    {
        var before = Snapshot();
        var replay = _replay;
        _repeat++;
        body();
        _state = JoinStates(before, _state);
        _replay = true;
        body();
        _replay = replay;
        _repeat--;
        _state = JoinStates(before, _state);
    }

    private void BindLoopVariable(IOperation? variable, Value element)
    {
        switch (variable)
        {
            case IVariableDeclaratorOperation declarator when declarator.Symbol is { } local:
                _state[local] = element.Named(local.Name);
                break;
            case IDeclarationExpressionOperation declaration:
                BindLoopVariable(declaration.Expression, element);
                break;
            case ITupleOperation tuple:
                foreach (var item in tuple.Elements)
                {
                    BindLoopVariable(item, Element(element, tuple.Elements.IndexOf(item)));
                }

                break;
            case ILocalReferenceOperation local:
                _state[local.Local] = element.Named(local.Local.Name);
                break;
        }
    }

    private Dictionary<ISymbol, Value> Snapshot() => Copy(_state);

    private static Dictionary<ISymbol, Value> Copy(Dictionary<ISymbol, Value> state) => new(state, SymbolEqualityComparer.Default);

    private static Dictionary<ISymbol, Value> JoinStates(Dictionary<ISymbol, Value> a, Dictionary<ISymbol, Value> b)
    {
        var joined = Copy(a);
        foreach (var pair in b)
        {
            joined[pair.Key] = joined.TryGetValue(pair.Key, out var existing) ? existing.Join(pair.Value) : pair.Value;
        }

        return joined;
    }
}
