using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MlAsCode.Analyzers.Leakage;

/// <summary>Calls: loads, carving, concatenation, splits, fits, transforms, evaluations, and helpers.</summary>
internal sealed partial class Interpreter
{
    // The strategy arguments are read as constants (the int behind SplitStrategy or CrossValidationStrategy).
    private const int Random = (int)SplitStrategy.Random;

    private Value Invoke(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var receiver = Eval(invocation.Instance);
        var arguments = invocation.Arguments;
        var values = new Value[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            values[i] = IsLambda(arguments[i].Value) ? Value.None : Eval(arguments[i].Value);
        }

        var self = DataArgument(invocation, values)
            ?? (invocation.Instance is not null ? receiver : values.Length > 0 && method.IsExtensionMethod ? values[0] : Value.None);
        var lambda = Value.None;
        var perElement = PerElement(invocation);
        for (var i = 0; i < arguments.Length; i++)
        {
            if (IsLambda(arguments[i].Value))
            {
                lambda = lambda.Join(Lambda(arguments[i].Value, self, perElement));
            }
        }

        var (kind, step) = LeakageApi.Classify(method);
        var first = values.Length > 0 ? values[0] : Value.None;
        switch (kind)
        {
            case CallKind.Load:
                return NewRoot(invocation, AssignedName(invocation) ?? method.Name, "loaded",
                    method.TypeArguments.FirstOrDefault() ?? (method.IsStatic && invocation.Instance is null ? method.ContainingType : invocation.Type));
            case CallKind.LoadFromEnumerable:
                var timeOrdered = LeakageApi.TimeOrderOf(method.TypeArguments.FirstOrDefault());
                return first.Data.IsEmpty
                    ? NewRoot(invocation, AssignedName(invocation) ?? method.Name, "loaded", method.TypeArguments.FirstOrDefault())
                    : first.WithData(first.Data.WithTimeOrdered(timeOrdered));
            case CallKind.Identity:
                return self.Join(Value.Tainted(lambda.Metrics));
            case CallKind.Distinct:
                return self.WithData(self.Data.WithDuplicated(null));
            case CallKind.Deduplicate:
                return Value.Tuple([first.WithData(first.Data.WithDuplicated(null)), Value.None]);
            case CallKind.Subset:
                var carve = new Step(step, _analysis.Id(_callSiteKey, invocation.Syntax.SpanStart), false, Line(invocation), Loc(invocation));
                return self.WithData(self.Data.Map(p => p.With(carve)));
            case CallKind.Concat:
                return Concat(self, values.Length > 1 ? values[1] : Value.None, invocation, detect: true);
            case CallKind.Union:
                return Concat(self, values.Length > 1 ? values[1] : Value.None, invocation, detect: false);
            case CallKind.Repeat:
                var count = arguments.Length > 1 ? arguments[1].Value.ConstantValue : default;
                return count.HasValue && count.Value is int n && n <= 1 ? first : Duplicate(first, invocation);
            case CallKind.Bootstrap:
                return Duplicate(self, invocation);
            case CallKind.Project:
                // A selector that yields rows, models or splits gives those; one that builds a new object from each
                // row (an object initialiser, an anonymous type, a method group) keeps the rows it was given.
                return lambda.Data.DuplicatedAt is { } repeated
                    ? self.WithData(self.Data.WithDuplicated(repeated)).Join(Value.Tainted(lambda.Metrics))
                    : lambda.IsSubstantial || self.Data.IsEmpty ? lambda : self.Join(Value.Tainted(lambda.Metrics));
            case CallKind.Chain:
                var chained = receiver.Models.AddRange(values.SelectMany(v => v.Models));
                return chained.IsEmpty ? Value.Tainted(values.Aggregate(receiver.Metrics, (s, v) => s.Union(v.Metrics))) : Value.None.AsModels([.. chained.Distinct()]);
            case CallKind.Choose:
                _analysis.MarkChosen(self.Metrics.Union(lambda.Metrics).Union(values.Aggregate(ImmutableHashSet<int>.Empty, (s, v) => s.Union(v.Metrics))));
                return values.Aggregate(self.Join(lambda), (a, v) => a.Join(v));
            case CallKind.OrderBy:
                _analysis.MarkChosen(lambda.Metrics);
                return self;
            case CallKind.CollectionAdd:
                return AddTo(invocation.Instance, receiver, values.FirstOrDefault(v => !v.Data.IsEmpty || !v.Metrics.IsEmpty || v.Model is not null) ?? Value.None, invocation);
            case CallKind.Split or CallKind.FoldSplit:
                var options = Enumerable.Range(0, arguments.Length).Where(i => arguments[i].Parameter?.Name == "options").Select(i => values[i]).FirstOrDefault();
                return SplitCall(invocation, kind == CallKind.FoldSplit, Data(invocation, values, self), options);
            case CallKind.Fit or CallKind.FitTransform:
                return FitCall(invocation, kind == CallKind.FitTransform, receiver, values);
            case CallKind.Transform:
                var input = DataArgument(invocation, values) ?? first;
                return receiver.Models.IsEmpty ? input : input.Transformed(receiver.Models);
            case CallKind.Evaluate or CallKind.CrossValidate:
                return EvaluateCall(invocation, kind == CallKind.CrossValidate, DataArgument(invocation, values) ?? first);
        }

        if (_analysis.InlineHelpers && _callSite is null && _model.Body(method) is { } body)
        {
            return Inline(invocation, method, body, values);
        }

        // An unknown method on data (an extension such as ToDataView, a row method) keeps its rows; a call that runs a
        // lambda once (Task.Run) gives what the lambda gives; any other unknown call returns data of its own.
        if (!self.Data.IsEmpty)
        {
            return self.Join(Value.Tainted(lambda.Metrics));
        }

        var taint = values.Aggregate(receiver.Metrics.Union(lambda.Metrics), (s, v) => s.Union(v.Metrics));
        if (lambda.IsSubstantial)
        {
            return lambda.Join(Value.Tainted(taint));
        }

        return LeakageApi.IsData(LeakageApi.Awaited(invocation.Type))
            ? NewRoot(invocation, method.Name, $"returned by '{method.Name}' at line {Line(invocation)}", invocation.Type).WithMetrics(taint)
            : Value.Tainted(taint);
    }

    private static bool IsLambda(IOperation op) =>
        op is IAnonymousFunctionOperation or IDelegateCreationOperation { Target: IAnonymousFunctionOperation };

    /// <summary>Whether a call runs its lambdas once per element of a collection (LINQ, <c>List.ForEach</c>,
    /// <c>Parallel.ForEach</c>), rather than once (<c>Task.Run</c>) or at an unknown time.</summary>
    private static bool PerElement(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType?.ContainingNamespace?.ToDisplayString() == "System.Linq")
        {
            return true;
        }

        return LeakageApi.IsData(invocation.Instance?.Type)
            || invocation.Arguments.Any(a => !IsLambda(a.Value) && LeakageApi.IsData(a.Value.Type));
    }

    /// <summary>Runs a lambda: once per element (its parameters hold the elements, the collection's value) when
    /// <paramref name="perElement"/>, otherwise once, as if inline.</summary>
    private Value Lambda(IOperation op, Value element, bool perElement)
    {
        var function = op as IAnonymousFunctionOperation ?? (op as IDelegateCreationOperation)?.Target as IAnonymousFunctionOperation;
        if (function is null)
        {
            return Value.None;
        }

        foreach (var parameter in function.Symbol.Parameters)
        {
            _state[parameter] = element;
        }

        var returned = _returned;
        _returned = Value.None;
        var repeat = perElement && function.Symbol.Parameters.Length > 0 ? 1 : 0;
        _repeat += repeat;
        Exec(function.Body);
        _repeat -= repeat;
        var result = _returned;
        _returned = returned;
        return result;
    }

    private Value Concat(Value a, Value b, IOperation at, bool detect)
    {
        if (a.Data.IsEmpty && a.Fits.IsEmpty && a.Model is null)
        {
            return b.Join(Value.Tainted(a.Metrics));
        }

        var joined = a.Join(b);
        return detect && !_replay && a.Data.Overlaps(b.Data)
            ? joined.WithData(joined.Data.WithDuplicated(Carve(StepKind.Filter, at)))
            : joined;
    }

    private Value Duplicate(Value value, IOperation at) => value.WithData(value.Data.WithDuplicated(Carve(StepKind.Filter, at)));

    private Step Carve(StepKind kind, IOperation at) => new(kind, _analysis.Id(_callSiteKey, at.Syntax.SpanStart), false, Line(at), Loc(at));

    /// <summary><c>list.Add(row)</c> and <c>AddRange(rows)</c>: the list gains those rows; an add under a condition
    /// keeps a filtered part (the branches of a manual split are disjoint).</summary>
    private Value AddTo(IOperation? target, Value list, Value added, IOperation at)
    {
        if (_branch > 0 && !added.Data.IsEmpty)
        {
            var part = Carve(StepKind.Filter, at);
            added = added.WithData(added.Data.Map(p => p.With(part)));
        }

        _keeps += added.IsSubstantial ? 1 : 0;
        var result = Concat(list, added, at, detect: true);
        if (target is not null)
        {
            Assign(target, result);
        }

        return Value.None;
    }

    private static Value Data(IInvocationOperation invocation, Value[] values, Value self) =>
        DataArgument(invocation, values) ?? (values.Length > 0 ? values[0] : self);

    /// <summary>The argument passed as the data (an IDataView, or the rows of a feature set call).</summary>
    private static Value? DataArgument(IInvocationOperation invocation, Value[] values)
    {
        for (var i = 0; i < invocation.Arguments.Length; i++)
        {
            var parameter = invocation.Arguments[i].Parameter;
            if (parameter is not null && (LeakageApi.IsDataView(parameter.Type) || parameter.Name is "rows" or "trainingRows"))
            {
                return values[i];
            }
        }

        return null;
    }

    private IOperation? DataOperation(IInvocationOperation invocation) =>
        invocation.Arguments.FirstOrDefault(a => a.Parameter is { } p && (LeakageApi.IsDataView(p.Type) || p.Name is "rows" or "trainingRows"))?.Value;

    private Value SplitCall(IInvocationOperation invocation, bool folds, Value source, Value? options = null)
    {
        var location = Loc(invocation);
        var original = CallLocation(invocation);
        var name = Describe(DataOperation(invocation), source);
        if (source.Data.DuplicatedAt is { } repeated)
        {
            _analysis.Report(DiagnosticDescriptors.OverlapLeakage, location, original,
                invocation.TargetMethod.ContainingType?.Name == "FeatureSetDefinition"
                    ? $"'{name}' repeats rows (oversampled at line {repeated.Line}) before this split: {invocation.TargetMethod.Name} removes exact duplicate rows before splitting, so the oversampling is silently undone; oversample the training part after the split"
                    : $"'{name}' repeats rows (oversampled at line {repeated.Line}) before this split: copies of one row land in both training and test, so the test set holds training rows; oversample the training part after splitting");
        }

        if (TimeOrderedSplit(invocation, source, options) is { } reason)
        {
            _analysis.Report(DiagnosticDescriptors.RandomSplitOfTimeOrderedData, location, original,
                $"'{name}' is time-ordered ({reason}) but {SplitName(invocation, folds)} mixes past and future rows: the model is trained on events later than the ones it is tested on; split by time (SplitStrategy.Temporal, CrossValidationStrategy.TimeSeries, or train on the earlier rows and test on the later ones)");
        }

        var group = _analysis.Id(_callSiteKey, invocation.Syntax.SpanStart);
        var split = new SplitInfo(group, folds, source.WithData(source.Data.WithDuplicated(null)), Line(invocation), location);
        return new Value(Origin.Empty, [], [], split, source.Metrics, null, null);
    }

    private static string SplitName(IInvocationOperation invocation, bool folds) =>
        invocation.TargetMethod.ContainingType?.Name == "FeatureSetDefinition"
            ? folds ? "this K-fold" : "this random split"
            : invocation.TargetMethod.Name + (folds ? "'s shuffled folds" : "'s random split");

    /// <summary>Why a split of time-ordered rows is random, or null when it is not (or cannot be told).</summary>
    private static string? TimeOrderedSplit(IInvocationOperation invocation, Value source, Value? options)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType is { Name: "FeatureSetDefinition" } definition)
        {
            var eventTime = LeakageApi.TimeOrderOf(definition.TypeArguments.FirstOrDefault());
            if (eventTime is null)
            {
                return null;
            }

            var strategy = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name is "strategy" or "options");
            int? chosen = strategy?.Parameter?.Name == "options"
                ? options?.Strategy ?? OptionsStrategy(strategy)
                : strategy?.Value.ConstantValue is { HasValue: true, Value: int s } ? s : null;
            var random = method.Name == "Folds"
                ? (CrossValidationStrategy?)chosen is CrossValidationStrategy.KFold or CrossValidationStrategy.StratifiedKFold
                : chosen is { } split && (SplitStrategy)split != SplitStrategy.Temporal;
            return random ? $"'{eventTime}' is its [EventTime]" : null;
        }

        return source.Data.TimeOrdered is { } ordered ? $"'{ordered}' is its [EventTime]" : null;
    }

    private static int? OptionsStrategy(IArgumentOperation argument)
    {
        var value = argument.Value;
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (argument.ArgumentKind == ArgumentKind.DefaultValue || value.ConstantValue is { HasValue: true, Value: null } || value is IDefaultValueOperation)
        {
            return Random;
        }

        if (value is IObjectCreationOperation creation)
        {
            var strategy = creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>()
                .FirstOrDefault(a => a.Target is IPropertyReferenceOperation { Property.Name: "Strategy" });
            return strategy is null ? Random : strategy.Value.ConstantValue is { HasValue: true, Value: int s } ? s : null;
        }

        return null;
    }

    private Value FitCall(IInvocationOperation invocation, bool alsoTransform, Value estimator, Value[] values)
    {
        var data = DataArgument(invocation, values) ?? Value.None;
        var dataOperation = DataOperation(invocation);
        var name = invocation.Instance is { } instance && instance is ILocalReferenceOperation or IFieldReferenceOperation or IParameterReferenceOperation or IPropertyReferenceOperation
            ? Describe(instance, estimator)
            : AssignedName(invocation) ?? (invocation.TargetMethod.ContainingType?.Name == "FeatureSetDefinition" ? "the feature pipeline" : "the estimator");
        var fit = new Fit(_analysis.Id(_callSiteKey, invocation.Syntax.SpanStart), name, Describe(dataOperation, data), data.Data,
            Line(invocation), Loc(invocation), CallLocation(invocation), _repeat > 0);
        return alsoTransform
            ? new Value(data.Data, data.Fits.Add(fit), [fit], null, data.Metrics, null, null, isPipelineResult: true)
            : estimator.AsModel(fit);
    }

    private Value EvaluateCall(IInvocationOperation invocation, bool crossValidate, Value scored)
    {
        var id = _analysis.Id(_callSiteKey, invocation.Syntax.SpanStart);
        if (!_analysis.Evaluations.TryGetValue(id, out var evaluation))
        {
            evaluation = new Evaluation(id, Loc(invocation), CallLocation(invocation), Line(invocation), crossValidate);
            _analysis.Evaluations[id] = evaluation;
        }

        evaluation.Scored = evaluation.Scored.Join(scored);
        // In a loop, it scores several candidates unless the model is the same one each time (fitted outside the
        // loop: slices of the holdout, say). Models of unknown origin are taken to be candidates.
        evaluation.Repeated |= _repeat > 0 && (scored.Scorers.IsEmpty || scored.Scorers.Any(f => f.PerIteration));
        evaluation.ScoredName ??= Describe(DataOperation(invocation), scored);
        if (crossValidate)
        {
            SplitCall(invocation, folds: true, scored);
            return Value.None;
        }

        return Value.Tainted([id]);
    }

    private Value Inline(IInvocationOperation invocation, IMethodSymbol method, IOperation body, Value[] values)
    {
        _analysis.Suppress(_model.Standalone(method.OriginalDefinition));
        var helper = new Interpreter(_model, _analysis, invocation) { _repeat = _repeat };
        if (method.MethodKind == MethodKind.LocalFunction)
        {
            // A local function sees the variables it captures as they are at the call.
            helper._state = Copy(_state);
        }

        var parameters = method.OriginalDefinition.Parameters;
        for (var i = 0; i < invocation.Arguments.Length; i++)
        {
            if (invocation.Arguments[i].Parameter is { } parameter && parameter.Ordinal < parameters.Length)
            {
                helper.Bind(parameters[parameter.Ordinal], values[i]);
            }
        }

        helper.Run(body);
        return helper.Returned;
    }

    private Value Create(IObjectCreationOperation creation)
    {
        var values = creation.Arguments.Select(a => Eval(a.Value)).ToList();
        var type = creation.Type;
        if (type is { Name: "SplitOptions" })
        {
            var strategy = creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>()
                .FirstOrDefault(a => a.Target is IPropertyReferenceOperation { Property.Name: "Strategy" });
            Eval(creation.Initializer);
            var constant = strategy is null ? Random : strategy.Value.ConstantValue is { HasValue: true, Value: int s } ? s : (int?)null;
            return new Value(Origin.Empty, [], [], null, [], null, null, constant);
        }

        var result = values.Aggregate(Value.None, (a, v) => Concat(a, v, creation, detect: false));
        if (creation.Initializer is { } initializer)
        {
            foreach (var item in initializer.Initializers)
            {
                result = item is IInvocationOperation add
                    ? Concat(result, add.Arguments.Select(a => Eval(a.Value)).Aggregate(Value.None, (a, v) => a.Join(v)), creation, detect: true)
                    : result.Join(Value.Tainted(Eval(item).Metrics));
            }
        }

        return result;
    }

    /// <summary>The variable a call's result is stored in, for messages.</summary>
    private static string? AssignedName(IOperation op)
    {
        var parent = op.Parent;
        while (parent is IConversionOperation or IAwaitOperation or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol.Name,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } => local.Local.Name,
            ISimpleAssignmentOperation { Target: IFieldReferenceOperation field } => field.Field.Name,
            _ => null,
        };
    }
}
