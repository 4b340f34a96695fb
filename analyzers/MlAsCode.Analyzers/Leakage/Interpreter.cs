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

    private Value Lookup(ISymbol symbol, IOperation op, string what)
    {
        if (_state.TryGetValue(symbol, out var value))
        {
            return value;
        }

        value = LeakageApi.IsData(Type(symbol)) ? NewRoot(op, symbol.Name, what, Type(symbol)) : Value.None;
        _state[symbol] = value;
        return value;
    }

    private static ITypeSymbol? Type(ISymbol symbol) => symbol switch
    {
        IParameterSymbol p => p.Type,
        IFieldSymbol f => f.Type,
        IPropertySymbol p => p.Type,
        ILocalSymbol l => l.Type,
        _ => null,
    };

    private Value NewRoot(IOperation op, string name, string what, ITypeSymbol? type)
    {
        var id = _analysis.Id(_callSiteKey, op.Syntax.SpanStart);
        var root = new Root(id, name, Line(op), what);
        return Value.Rows(Origin.Of(root, LeakageApi.TimeOrderOf(type)), name);
    }

    private Value Field(IFieldReferenceOperation field)
    {
        if (field.Field.ContainingType is { IsTupleType: true } tupleType)
        {
            var instance = Eval(field.Instance);
            var index = tupleType.TupleElements.IndexOf(field.Field.CorrespondingTupleField ?? field.Field);
            return Element(instance, index);
        }

        var owner = Eval(field.Instance);
        return Member(owner, field.Field.Name) ?? Lookup(field.Field, field, $"read from field '{field.Field.Name}'");
    }

    private Value Property(IPropertyReferenceOperation property)
    {
        var instance = Eval(property.Instance);
        foreach (var argument in property.Arguments)
        {
            Eval(argument.Value);
        }

        if (Member(instance, property.Property.Name) is { } member)
        {
            return member;
        }

        if (property.Instance is null or IInstanceReferenceOperation && property.Property.ContainingType is { } owner && !owner.IsStatic
            && _state.TryGetValue(property.Property, out var stored))
        {
            return stored;
        }

        return property.Instance is null ? Value.None : instance;
    }

    /// <summary>The parts of a split (<c>TrainSet</c>/<c>TestSet</c> are fields in ML.NET, properties in MlAsCode) and of a
    /// feature set's FitResult.</summary>
    private static Value? Member(Value instance, string name)
    {
        if (instance.Split is { } split)
        {
            switch (name)
            {
                case "TrainSet" or "Train":
                    return split.Part(StepKind.Train);
                case "TestSet" or "Test" or "Validation":
                    return split.Part(StepKind.Test);
            }
        }

        if (instance.IsPipelineResult && instance.Model is { } model)
        {
            switch (name)
            {
                case "Pipeline":
                    return instance.AsModel(model);
                case "TrainingMatrix":
                    return new Value(instance.Data, instance.Fits, [], null, instance.Metrics, instance.Name, null);
            }
        }

        return null;
    }

    private static Value Element(Value tuple, int index) =>
        tuple.Elements is { } elements && index >= 0 && index < elements.Length ? elements[index] : tuple;

    private void Assign(IOperation target, Value value)
    {
        switch (target)
        {
            case ILocalReferenceOperation local:
                _state[local.Local] = value.Named(local.Local.Name);
                break;
            case IParameterReferenceOperation parameter:
                _state[parameter.Parameter] = value;
                break;
            case IFieldReferenceOperation field:
                _state[field.Field] = value.Named(field.Field.Name);
                break;
            case IPropertyReferenceOperation property when property.Instance is null or IInstanceReferenceOperation:
                _state[property.Property] = value.Named(property.Property.Name);
                break;
            case IDeclarationExpressionOperation or ITupleOperation:
                Deconstruct(target, value);
                break;
        }
    }

    private void Deconstruct(IOperation target, Value value)
    {
        switch (target)
        {
            case IDeclarationExpressionOperation declaration:
                Deconstruct(declaration.Expression, value);
                break;
            case ITupleOperation tuple:
                var parts = Parts(value, tuple.Elements.Length);
                for (var i = 0; i < tuple.Elements.Length; i++)
                {
                    Deconstruct(tuple.Elements[i], parts[i]);
                }

                break;
            default:
                Assign(target, value);
                break;
        }
    }

    /// <summary>The positional parts of a value: tuple elements, a split's (Train, Test) or a fold's
    /// (Index, Train, Validation), a FitResult's (Pipeline, TrainingMatrix).</summary>
    private static Value[] Parts(Value value, int count)
    {
        var parts = Enumerable.Repeat(value, count).ToArray();
        if (value.Elements is { } elements)
        {
            for (var i = 0; i < count && i < elements.Length; i++)
            {
                parts[i] = elements[i];
            }
        }
        else if (value.Split is { } split)
        {
            var first = count == 3 && split.IsCrossValidation ? 1 : 0;
            for (var i = 0; i < count; i++)
            {
                parts[i] = i == first ? split.Part(StepKind.Train) : i == first + 1 ? split.Part(StepKind.Test) : Value.None;
            }
        }
        else if (value.IsPipelineResult && value.Model is { } model && count == 2)
        {
            parts[0] = value.AsModel(model);
            parts[1] = new Value(value.Data, value.Fits, [], null, value.Metrics, value.Name, null);
        }

        return parts;
    }

    private Value Collection(IEnumerable<IOperation> elements, IOperation op)
    {
        var result = Value.None;
        foreach (var element in elements)
        {
            var value = element is ISpreadOperation spread ? Eval(spread.Operand) : Eval(element);
            result = Concat(result, value, op, detect: true);
        }

        return result;
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
