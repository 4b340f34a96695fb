using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MlAsCode.Analyzers.Leakage;

/// <summary>
/// Abstract interpretation of one method body over <see cref="IOperation"/>: statements in order, both branches of a
/// condition joined, loop bodies visited twice so values carried from one iteration to the next are seen. Each
/// variable holds a <see cref="Value"/>; calls are interpreted in <c>Interpreter.Calls.cs</c>.
/// </summary>
internal sealed partial class Interpreter
{
    private const int MaxSteps = 40_000;

    private readonly LeakageModel _model;
    private readonly MethodAnalysis _analysis;
    private readonly IOperation? _callSite;
    private readonly int _callSiteKey;
    private readonly Stack<Value> _conditionalInstances = new();
    private Dictionary<ISymbol, Value> _state = new(SymbolEqualityComparer.Default);
    private Value _returned = Value.None;
    private Value _branchReturned = Value.None;
    private ImmutableHashSet<int>? _compared;
    private int _keeps;
    private readonly List<(ImmutableHashSet<int> Compared, ImmutableArray<Fit> Models)> _returnChoices = [];
    private int _repeat;
    private int _branch;
    private bool _replay;

    public Interpreter(LeakageModel model, MethodAnalysis analysis, IOperation? callSite)
    {
        _model = model;
        _analysis = analysis;
        _callSite = callSite;
        _callSiteKey = callSite?.Syntax.SpanStart + 1 ?? 0;
    }

    public Value Returned => _returned;

    public void Bind(ISymbol symbol, Value value) => _state[symbol] = value;

    public void Run(IOperation body)
    {
        Exec(body);

        // "if (a > b) return sdca; return poisson;": a comparison whose branch returns one model while the method
        // also returns another chooses between them. A gate that returns the model or throws does not.
        foreach (var (compared, models) in _returnChoices)
        {
            if (_returned.Models.Any(m => !models.Contains(m)))
            {
                _analysis.MarkChosen(compared);
            }
        }
    }

    private bool OverBudget => ++_analysis.Steps > MaxSteps;

    private void Exec(IOperation? op)
    {
        if (op is null || OverBudget)
        {
            return;
        }

        switch (op)
        {
            case IBlockOperation block:
                foreach (var statement in block.Operations)
                {
                    Exec(statement);
                }

                break;
            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    Declare(declaration);
                }

                break;
            case IVariableDeclarationOperation declaration:
                Declare(declaration);
                break;
            case IReturnOperation ret:
                var returnedValue = Eval(ret.ReturnedValue);
                _returned = _returned.Join(returnedValue);
                _branchReturned = _branchReturned.Join(returnedValue);
                break;
            case IConditionalOperation conditional:
                If(conditional);
                break;
            case ILoopOperation loop:
                Loop(loop);
                break;
            case ISwitchOperation @switch:
                Eval(@switch.Value);
                var before = Snapshot();
                var joined = Snapshot();
                foreach (var section in @switch.Cases)
                {
                    _state = Copy(before);
                    _branch++;
                    foreach (var statement in section.Body)
                    {
                        Exec(statement);
                    }

                    _branch--;
                    joined = JoinStates(joined, _state);
                }

                _state = joined;
                break;
            case ITryOperation @try:
                Exec(@try.Body);
                foreach (var @catch in @try.Catches)
                {
                    Exec(@catch.Handler);
                }

                Exec(@try.Finally);
                break;
            case IUsingOperation @using:
                Exec(@using.Resources);
                Exec(@using.Body);
                break;
            case IUsingDeclarationOperation usingDeclaration:
                Exec(usingDeclaration.DeclarationGroup);
                break;
            case ILockOperation @lock:
                Exec(@lock.Body);
                break;
            case ILabeledOperation labeled:
                Exec(labeled.Operation);
                break;
            case ILocalFunctionOperation or IBranchOperation or IEmptyOperation:
                break;
            case IExpressionStatementOperation expression:
                Eval(expression.Operation);
                break;
            default:
                Eval(op);
                break;
        }
    }

    private void Declare(IVariableDeclarationOperation declaration)
    {
        foreach (var declarator in declaration.Declarators)
        {
            var initializer = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
            var value = initializer is null ? Value.None : Eval(initializer);
            if (declarator.Symbol is { } local)
            {
                _state[local] = value.Named(local.Name);
            }
        }
    }

    private Value Eval(IOperation? op)
    {
        if (op is null || OverBudget)
        {
            return Value.None;
        }

        switch (op)
        {
            case ILiteralOperation or IInstanceReferenceOperation or ITypeOfOperation or INameOfOperation or IDefaultValueOperation:
                return Value.None;
            case IConversionOperation conversion:
                return Eval(conversion.Operand);
            case IParenthesizedOperation parenthesized:
                return Eval(parenthesized.Operand);
            case IAwaitOperation await:
                return Eval(await.Operation);
            case ILocalReferenceOperation local:
                return _state.TryGetValue(local.Local, out var value) ? value : Value.None;
            case IParameterReferenceOperation parameter:
                return Lookup(parameter.Parameter, parameter, "a parameter");
            case IFieldReferenceOperation field:
                return Field(field);
            case IPropertyReferenceOperation property:
                return Property(property);
            case IArrayElementReferenceOperation element:
                Eval(element.Indices.FirstOrDefault());
                return Eval(element.ArrayReference);
            case ISimpleAssignmentOperation assignment:
                var assigned = Eval(assignment.Value);
                _keeps += Keeps(assignment.Target.Type, assignment.Value, assigned) ? 1 : 0;
                Assign(assignment.Target, assigned);
                return assigned;
            case ICompoundAssignmentOperation compound:
                var added = Eval(compound.Value);
                _keeps += Keeps(compound.Target.Type, compound.Value, added) ? 1 : 0;
                var combined = Eval(compound.Target).Join(added);
                Assign(compound.Target, combined);
                return combined;
            case ICoalesceAssignmentOperation coalesce:
                var fallback = Eval(coalesce.Value);
                _keeps += Keeps(coalesce.Target.Type, coalesce.Value, fallback) ? 1 : 0;
                var either = Eval(coalesce.Target).Join(fallback);
                Assign(coalesce.Target, either);
                return either;
            case IDeconstructionAssignmentOperation deconstruction:
                var whole = Eval(deconstruction.Value);
                _keeps++;
                Deconstruct(deconstruction.Target, whole);
                return whole;
            case IInvocationOperation invocation:
                return Invoke(invocation);
            case IObjectCreationOperation creation:
                return Create(creation);
            case IArrayCreationOperation array:
                return Collection(array.Initializer?.ElementValues ?? [], op);
            case IBinaryOperation binary:
                var left = Eval(binary.LeftOperand);
                var right = Eval(binary.RightOperand);
                var metrics = left.Metrics.Union(right.Metrics);
                if (binary.OperatorKind is BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
                    or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual)
                {
                    if (_compared is not null)
                    {
                        _compared = _compared.Union(metrics);
                    }
                    else
                    {
                        _analysis.MarkChosen(metrics);
                    }
                }

                return Value.Tainted(metrics);
            case IConditionalOperation conditional:
                // "a > b ? sdca : poisson" chooses; "a > b ? \"ship\" : \"hold\"" only reports.
                var comparedScores = Compared(conditional.Condition);
                if (conditional.Type?.SpecialType is not (SpecialType.System_String or SpecialType.System_Boolean))
                {
                    _analysis.MarkChosen(comparedScores);
                }

                return Eval(conditional.WhenTrue).Join(Eval(conditional.WhenFalse));
            case ICoalesceOperation coalesceOperation:
                return Eval(coalesceOperation.Value).Join(Eval(coalesceOperation.WhenNull));
            case IConditionalAccessOperation access:
                _conditionalInstances.Push(Eval(access.Operation));
                var result = Eval(access.WhenNotNull);
                _conditionalInstances.Pop();
                return result;
            case IConditionalAccessInstanceOperation:
                return _conditionalInstances.Count > 0 ? _conditionalInstances.Peek() : Value.None;
            case ITupleOperation tuple:
                return Value.Tuple([.. tuple.Elements.Select(Eval)]);
            case ISwitchExpressionOperation switchExpression:
                Eval(switchExpression.Value);
                return switchExpression.Arms.Aggregate(Value.None, (v, arm) => v.Join(Eval(arm.Value)));
            case IWithOperation with:
                Eval(with.Initializer);
                return Eval(with.Operand);
            case IAnonymousFunctionOperation or IDelegateCreationOperation or ILocalFunctionOperation:
                return Value.None;
            case IBlockOperation or IVariableDeclarationGroupOperation or ILoopOperation or IReturnOperation:
                Exec(op);
                return Value.None;
            default:
                if (op.Kind == OperationKind.CollectionExpression)
                {
                    return Collection([.. op.ChildOperations], op);
                }

                var taint = ImmutableHashSet<int>.Empty;
                foreach (var child in op.ChildOperations)
                {
                    taint = taint.Union(Eval(child).Metrics);
                }

                return Value.Tainted(taint);
        }
    }

    private Location Loc(IOperation op) => _callSite is null ? CallLocation(op) : CallLocation(_callSite);

    private int Line(IOperation op) => Loc(op).GetLineSpan().StartLinePosition.Line + 1;

    /// <summary>A call is reported from its method name on, so a chained call reports on its own line.</summary>
    private static Location CallLocation(IOperation op)
    {
        var syntax = op.Syntax;
        if (syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } invocation)
        {
            return Location.Create(syntax.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(member.Name.SpanStart, invocation.Span.End));
        }

        return syntax.GetLocation();
    }

    private static string Describe(IOperation? op, Value value)
    {
        var text = op?.Syntax.ToString() ?? "";
        return text.Length is > 0 and <= 40 && text.IndexOf('\n') < 0 ? text : value.Name ?? "the data";
    }
}
