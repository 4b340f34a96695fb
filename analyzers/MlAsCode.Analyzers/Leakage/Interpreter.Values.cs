using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlAsCode.Analyzers.Leakage;

/// <summary>Values: variables, fields and properties looked up, members of records and tuples, assignments and
/// deconstructions, and collections built from elements.</summary>
internal sealed partial class Interpreter
{
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
}
