using System.Linq;
using MlAsCode.Generators.Common;
using MlAsCode.Generators.Model;

namespace MlAsCode.Generators.Features;

/// <summary>Writes <c>ReadCsv</c>/<c>ParseCsv</c>, the CSV mapper and <c>Features</c> for one feature set.</summary>
internal static class FeatureSetEmitter
{
    private const string Runtime = "global::MlAsCode.Features";
    private const string Csv = "global::MlAsCode.Data.Csv";

    public static string Emit(FeatureSetModel model, bool parquet)
    {
        var w = new SourceWriter();
        var depth = GeneratedFile.Open(w, model.Type);
        var t = model.TypeName;

        w.Line($"/// <summary>Streams <see cref=\"{t}\"/> rows from a CSV file (header names map to properties or <c>[Column]</c> names).</summary>");
        w.Line(GeneratedFile.GeneratedCodeAttribute);
        w.Line($"public static {Csv}.CsvRows<{t}> ReadCsv(string path, {Csv}.CsvReadOptions? options = null) =>");
        w.Line($"    {Csv}.CsvLoader.Read<{t}>(path, static () => new MlAsCodeRowMapper(), options);");
        w.Line();
        w.Line($"/// <summary>Streams <see cref=\"{t}\"/> rows from CSV text.</summary>");
        w.Line(GeneratedFile.GeneratedCodeAttribute);
        w.Line($"public static {Csv}.CsvRows<{t}> ParseCsv(string csv, string source = \"csv text\", {Csv}.CsvReadOptions? options = null) =>");
        w.Line($"    {Csv}.CsvLoader.Parse<{t}>(csv, static () => new MlAsCodeRowMapper(), source, options);");
        if (parquet)
        {
            // Only where the project references MlAsCode.Parquet: the runtime core carries no Parquet library.
            w.Line();
            w.Line($"/// <summary>Streams <see cref=\"{t}\"/> rows from a Parquet file, one row group in memory at a time.</summary>");
            w.Line(GeneratedFile.GeneratedCodeAttribute);
            w.Line($"public static global::MlAsCode.Data.Parquet.ParquetRows<{t}> ReadParquet(string path, global::MlAsCode.Data.Parquet.ParquetReadOptions? options = null) =>");
            w.Line($"    global::MlAsCode.Data.Parquet.ParquetLoader.Read<{t}>(path, static () => new MlAsCodeRowMapper(), options);");
        }

        w.Line();
        w.Line($"/// <summary>The row's content hash over every column property (stable across processes): duplicates, holdout");
        w.Line("/// fingerprints and train/test overlap checks compare it.</summary>");
        w.Line(GeneratedFile.GeneratedCodeAttribute);
        w.Open($"public static global::System.UInt128 ContentHash(in {t} row)");
        w.Line("var h = new global::MlAsCode.Data.RowHasher();");
        foreach (var p in model.Properties.Where(p => p.IsSettable && p.Value != PropertyValueType.Unsupported))
        {
            var access = $"row.{Id(p.Name)}";
            var cast = p.Value switch
            {
                PropertyValueType.Single or PropertyValueType.Double => "(double)",
                PropertyValueType.Int32 or PropertyValueType.Int64 or PropertyValueType.Int16 or PropertyValueType.Byte => "(long)",
                _ => "",
            };
            w.Line(p.IsNullable && p.Value != PropertyValueType.String
                ? $"if ({access}.HasValue) h.Add({cast}{access}.GetValueOrDefault()); else h.AddMissing();"
                : $"h.Add({cast}{access});");
        }

        w.Line("return h.Finish();");
        w.Close();

        var emitted = model.Properties
            .SelectMany(p => p.Features.Select(f => (Property: p, Feature: f)))
            .Where(x => FeatureExpression(model, x.Property, x.Feature) is not null)
            .ToList();
        var features = emitted.Select(x => FeatureExpression(model, x.Property, x.Feature)).ToList();
        // Lags and rolling windows read a history, so those feature sets serve through the general path; so do sets
        // whose time-since features lack a usable [EventTime] (analyzer ML0108 reports that).
        var compiled = features.Count > 0
            && emitted.All(x => TransformKinds.Of(x.Feature.Transform) != TransformKind.Temporal)
            && (emitted.All(x => x.Feature.Transform != Transform.TimeSince) || EventTime(model) != "null");
        if (features.Count > 0)
        {
            w.Line();
            w.Line($"/// <summary>The feature set declared on <see cref=\"{t}\"/>: fit it on training rows, then transform any row.</summary>");
            w.Line(GeneratedFile.GeneratedCodeAttribute);
            w.Line($"public static {Runtime}.FeatureSetDefinition<{t}> Features {{ get; }} = new {Runtime}.FeatureSetDefinition<{t}>(");
            w.Line($"    {Literals.String(model.Entity)},");
            w.Line($"    {Literals.String(model.SourceTable)},");
            w.Line($"    new {Runtime}.Definition.FeatureDefinition<{t}>[]");
            w.Line("    {");
            foreach (var expression in features)
            {
                w.Line($"        {expression},");
            }

            w.Line("    },");
            w.Line($"    target: {Target(model)},");
            w.Line($"    seed: {model.Seed},");
            var protectedNames = model.Properties.Where(p => p.IsProtected).Select(p => Literals.String(p.Name));
            w.Line($"    protectedProperties: new string[] {{ {string.Join(", ", protectedNames)} }},");
            w.Line($"    eventTime: {EventTime(model)},");
            w.Line($"    entityKey: {EntityKey(model)},");
            w.Line($"    compiled: {(compiled ? "static state => new MlAsCodeCompiledTransform(state)" : "null")},");
            w.Line("    contentHash: ContentHash,");
            var rules = model.Properties.Where(p => p.ValidationRule is not null)
                .Select(p => $"new global::MlAsCode.Quality.ValidationRule({Literals.String(p.Columns[p.Columns.Count - 1])}, {p.ValidationRule})");
            w.Line($"    validationRules: new global::MlAsCode.Quality.ValidationRule[] {{ {string.Join(", ", rules)} }},");
            // A computed event time (no setter) is not a source column: the quality gate reads its values from the rows.
            w.Line($"    eventTimeColumn: {Literals.String(model.Properties.FirstOrDefault(p => p.IsEventTime) is { IsSettable: true } time ? time.Columns[time.Columns.Count - 1] : null)},");
            w.Line($"    entityKeyColumn: {Literals.String(model.Properties.FirstOrDefault(p => p.IsEntityKey && p.IsSettable) is { } key ? key.Columns[key.Columns.Count - 1] : null)});");
        }

        if (compiled)
        {
            w.Line();
            EmitCompiled(w, model, emitted);
        }

        w.Line();
        w.Line(GeneratedFile.GeneratedCodeAttribute);
        w.Open($"private sealed class MlAsCodeRowMapper : global::MlAsCode.Data.ITableRowMapper<{t}>");
        var mapped = model.Properties.Where(p => p.IsSettable && p.Value != PropertyValueType.Unsupported).ToList();
        for (var i = 0; i < mapped.Count; i++)
        {
            w.Line($"private int _{i};");
        }

        w.Line();
        w.Open("public void Bind(global::MlAsCode.Data.ITableHeader header)");
        for (var i = 0; i < mapped.Count; i++)
        {
            var names = string.Join(", ", mapped[i].Columns.Select(Literals.String));
            w.Line($"_{i} = header.Require({Literals.String(mapped[i].Name)}, {names});");
        }

        w.Close();
        w.Line();
        w.Line($"public {t} Map<TSource>(in TSource row)");
        w.Line("    where TSource : struct, global::MlAsCode.Data.ITableRow => new " + t);
        w.Line("{");
        for (var i = 0; i < mapped.Count; i++)
        {
            w.Line($"    {Id(mapped[i].Name)} = {Read(mapped[i], $"_{i}")},");
        }

        w.Line("};");
        w.Close();

        GeneratedFile.Close(w, depth);
        return w.ToString();
    }

    /// <summary>
    /// A transform specialized for this feature set: each column's kernel (the same ones the runtime uses) called
    /// directly on the property, with offsets fixed when the fitted state is loaded.
    /// </summary>
    private static void EmitCompiled(SourceWriter w, FeatureSetModel model, System.Collections.Generic.List<(PropertyModel Property, FeatureModel Feature)> emitted)
    {
        const string K = "global::MlAsCode.Features.Kernels";
        const string S = "global::MlAsCode.Features.State";
        var t = model.TypeName;
        w.Line(GeneratedFile.GeneratedCodeAttribute);
        w.Open($"private sealed class MlAsCodeCompiledTransform : {K}.ICompiledTransform<{t}>");
        var kernels = emitted.Select(x => Kernel(x.Feature)).ToList();
        for (var i = 0; i < emitted.Count; i++)
        {
            w.Line($"private readonly {K}.{kernels[i].Kernel} _k{i};");
            w.Line($"private readonly int _o{i};");
        }

        w.Line();
        w.Open($"public MlAsCodeCompiledTransform({S}.FeaturePipelineState state)");
        w.Line("var columns = state.Columns;");
        w.Line("var offset = 0;");
        for (var i = 0; i < emitted.Count; i++)
        {
            w.Line($"_k{i} = new {K}.{kernels[i].Kernel}(({S}.{kernels[i].State})columns[{i}]);");
            w.Line($"_o{i} = offset;");
            w.Line($"offset += columns[{i}].Names.Length;");
        }

        w.Close();
        w.Line();
        w.Open($"public void Transform(in {t} row, global::System.Span<float> d)");
        // A class row is copied to a local once: read through the 'in' reference, the JIT reloads it after every store
        // into the span. A struct row is read in place (copying it would cost more).
        w.Line(model.IsValueType ? "ref readonly var r = ref row;" : "var r = row;");
        for (var i = 0; i < emitted.Count; i++)
        {
            var (property, feature) = emitted[i];
            var level = $"r.{Id(property.Name)}";
            w.Line(feature.Transform switch
            {
                Transform.OneHot or Transform.Hash or Transform.TfIdf => $"_k{i}.Write({level}, d.Slice(_o{i}));",
                Transform.QuantileBin when OneHotBins(feature) => $"_k{i}.Write({Number(property, "r")}, d.Slice(_o{i}));",
                Transform.TargetEncode => $"d[_o{i}] = _k{i}.Apply({level});",
                // A raw bool is never missing and needs no fitted state: 1 or 0.
                Transform.Raw when property.Value == PropertyValueType.Boolean && !property.IsNullable => $"d[_o{i}] = {level} ? 1f : 0f;",
                Transform.Cyclical => $"_k{i}.Write({Time(property, "r")}, d.Slice(_o{i}));",
                Transform.TimeSince => $"d[_o{i}] = _k{i}.Apply({Time(model.Properties.First(p => p.IsEventTime), "r")}, {Time(property, "r")});",
                Transform.Ratio or Transform.Difference or Transform.Product =>
                    $"d[_o{i}] = _k{i}.{Specialized(feature.Transform)}({Number(property, "r")}, {Number(model.Properties.First(p => p.Name == feature.Other), "r")});",
                _ => $"d[_o{i}] = _k{i}.{Specialized(feature.Transform)}({Number(property, "r")});",
            });
        }

        w.Close();
        w.Close();
    }

    /// <summary>The kernel method for one transform: the generated code knows it, so it skips the kernel's dispatch.</summary>
    private static string Specialized(Transform transform) => transform switch
    {
        Transform.Raw => "ApplyRaw",
        Transform.Log => "ApplyLog",
        Transform.Standardize or Transform.MinMax => "ApplyScaled",
        Transform.QuantileBin => "ApplyBin",
        Transform.Ratio => "ApplyRatio",
        Transform.Difference => "ApplyDifference",
        Transform.Product => "ApplyProduct",
        _ => "Apply",
    };

    private static bool OneHotBins(FeatureModel feature) => feature.Options.Any(o => o.Name == "OneHotBins" && o.Value.IsTrue);

    // A written option's value as C#.
    private static string Expression(OptionValue value) => value.Kind switch
    {
        OptionKind.Text => Literals.String(value.Text!),
        OptionKind.Number => Literals.Double(value.Number),
        OptionKind.Whole => ((int)value.Number).ToString(System.Globalization.CultureInfo.InvariantCulture),
        OptionKind.Flag => value.IsTrue ? "true" : "false",
        OptionKind.EnumMember => value.Items is { Count: > 0 } members
            ? string.Join(" | ", members.Select(m => $"{value.EnumType}.{m}"))
            : $"(({value.EnumType})({((long)value.Number).ToString(System.Globalization.CultureInfo.InvariantCulture)}))",
        OptionKind.List => "[" + string.Join(", ", value.Items ?? EquatableArray<string>.Empty) + "]",
        _ => "null",
    };

    private static (string Kernel, string State) Kernel(FeatureModel feature) => feature.Transform switch
    {
        Transform.QuantileBin when OneHotBins(feature) => ("BinKernel", "BinColumnState"),
        Transform.OneHot => ("OneHotKernel", "OneHotColumnState"),
        Transform.TargetEncode => ("TargetEncodingKernel", "TargetEncodingColumnState"),
        Transform.Hash => ("HashKernel", "HashColumnState"),
        Transform.TfIdf => ("TfIdfKernel", "TfIdfColumnState"),
        Transform.TimeSince => ("TimeSinceKernel", "TimeSinceColumnState"),
        Transform.Cyclical => ("CyclicalKernel", "CyclicalColumnState"),
        Transform.Ratio or Transform.Difference or Transform.Product => ("InteractionKernel", "InteractionColumnState"),
        _ => ("NumericKernel", "NumericColumnState"),
    };

    /// <summary>The feature's definition expression, or <c>null</c> when its transform does not fit its type
    /// (analyzer ML0108 reports that as an error, so the build fails anyway).</summary>
    internal static string? FeatureExpression(FeatureSetModel model, PropertyModel property, FeatureModel feature)
    {
        var t = model.TypeName;
        var options = feature.Options.Count == 0
            ? $"{Runtime}.Definition.FeatureOptions.Default"
            : $"new {Runtime}.Definition.FeatureOptions {{ {string.Join(", ", feature.Options.Select(o => $"{o.Name} = {Expression(o.Value)}"))} }}";
        var head = $"{Runtime}.Definition.FeatureDefinition<{t}>";
        var common = $"{Literals.String(property.Name)}, {Literals.String(property.DataType)}, {Literals.String(property.Columns[property.Columns.Count - 1])}, global::MlAsCode.Transform.{feature.Transform}, {options}";
        switch (TransformKinds.Of(feature.Transform))
        {
            case TransformKind.Numeric when Number(property, "r") is { } number:
                return $"{head}.Numeric({common}, static (in {t} r) => {number})";
            case TransformKind.Categorical when property.Value == PropertyValueType.String:
                return $"{head}.Categorical({common}, static (in {t} r) => r.{Id(property.Name)})";
            case TransformKind.Time when Time(property, "r") is { } time:
                return $"{head}.DateTime({common}, static (in {t} r) => {time})";
            case TransformKind.Temporal when Number(property, "r") is { } number && model.Properties.Any(p => p.IsEventTime):
                return $"{head}.Temporal({common}, static (in {t} r) => {number})";
            case TransformKind.Interaction when Number(property, "r") is { } left
                && model.Properties.FirstOrDefault(p => p.Name == feature.Other) is { } other
                && Number(other, "r") is { } right:
                return $"{head}.Interaction({common}, static (in {t} r) => {left}, {Literals.String(other.Name)}, static (in {t} r) => {right})";
            default:
                return null;
        }
    }

    private static string EventTime(FeatureSetModel model) =>
        model.Properties.FirstOrDefault(p => p.IsEventTime) is { } p && Time(p, "r") is { } time
            ? $"static (in {model.TypeName} r) => {time}"
            : "null";

    private static string EntityKey(FeatureSetModel model) => model.Properties.FirstOrDefault(p => p.IsEntityKey) switch
    {
        null => "null",
        { Value: PropertyValueType.String } p => $"static (in {model.TypeName} r) => new global::MlAsCode.Features.EntityId(r.{Id(p.Name)})",
        { Value: PropertyValueType.Int32 or PropertyValueType.Int64 or PropertyValueType.Int16 or PropertyValueType.Byte, IsNullable: false } p =>
            $"static (in {model.TypeName} r) => new global::MlAsCode.Features.EntityId((long)r.{Id(p.Name)})",
        // Other key types (Guid, nullable numbers, ...) are compared by their invariant text.
        var p => $"static (in {model.TypeName} r) => new global::MlAsCode.Features.EntityId(global::System.Convert.ToString(r.{Id(p.Name)}, global::System.Globalization.CultureInfo.InvariantCulture))",
    };

    private static string Target(FeatureSetModel model)
    {
        var target = model.Properties.FirstOrDefault(p => p.IsTarget);
        if (target is null)
        {
            return "null";
        }

        string? value = target.Value switch
        {
            PropertyValueType.String when target.TargetPositive is not null =>
                $"global::System.String.Equals(r.{Id(target.Name)}, {Literals.String(target.TargetPositive)}, global::System.StringComparison.Ordinal) ? 1d : 0d",
            PropertyValueType.String =>
                $"double.TryParse(r.{Id(target.Name)}, global::System.Globalization.NumberStyles.Float, global::System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : double.NaN",
            _ => Number(target, "r"),
        };
        return value is null
            ? "null"
            : $"new {Runtime}.Definition.TargetDefinition<{model.TypeName}>({Literals.String(target.Name)}, {Literals.String(target.DataType)}, {Literals.String(target.TargetPositive)}, static (in {model.TypeName} r) => {value}"
                + (target.Value == PropertyValueType.String ? $", static (in {model.TypeName} r) => r.{Id(target.Name)})" : ")")
                + (target.TargetTransform != TargetTransform.None ? $" {{ Transform = global::MlAsCode.TargetTransform.{target.TargetTransform} }}" : "");
    }

    private static string? Number(PropertyModel p, string row)
    {
        var access = $"{row}.{Id(p.Name)}";
        return p.Value switch
        {
            // No pattern variables: several of these expressions can share one generated method body.
            PropertyValueType.Boolean when p.IsNullable => $"{access}.HasValue ? ({access}.GetValueOrDefault() ? 1d : 0d) : double.NaN",
            PropertyValueType.Boolean => $"{access} ? 1d : 0d",
            PropertyValueType.Single or PropertyValueType.Double or PropertyValueType.Decimal or PropertyValueType.Int32
                or PropertyValueType.Int64 or PropertyValueType.Int16 or PropertyValueType.Byte when p.IsNullable => $"{access}.HasValue ? (double){access}.GetValueOrDefault() : double.NaN",
            PropertyValueType.Single or PropertyValueType.Double or PropertyValueType.Decimal or PropertyValueType.Int32
                or PropertyValueType.Int64 or PropertyValueType.Int16 or PropertyValueType.Byte => $"(double){access}",
            _ => null,
        };
    }

    private static string? Time(PropertyModel p, string row) => p.IsNullable ? null : p.Value switch
    {
        PropertyValueType.DateTime => $"{row}.{Id(p.Name)}",
        PropertyValueType.DateTimeOffset => $"{row}.{Id(p.Name)}.UtcDateTime",
        PropertyValueType.DateOnly => $"{row}.{Id(p.Name)}.ToDateTime(global::System.TimeOnly.MinValue)",
        _ => null,
    };

    /// <summary>A property name as a C# identifier: keywords get <c>@</c> (a property declared as <c>@class</c>).</summary>
    private static string Id(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

    private static string Read(PropertyModel p, string index)
    {
        string Nullable(string getter) => $"row.IsMissing({index}) ? null : row.{getter}({index})";
        return (p.Value, p.IsNullable) switch
        {
            (PropertyValueType.String, true) => $"row.GetNullableString({index})",
            (PropertyValueType.String, false) => $"row.GetString({index})",
            (PropertyValueType.Single, false) => $"row.GetSingle({index})",
            (PropertyValueType.Double, false) => $"row.GetDouble({index})",
            (PropertyValueType.Decimal, false) => $"row.GetDecimal({index})",
            (PropertyValueType.Int32, false) => $"row.GetInt32({index})",
            (PropertyValueType.Int64, false) => $"row.GetInt64({index})",
            (PropertyValueType.Int16, false) => $"row.Get<short>({index})",
            (PropertyValueType.Byte, false) => $"row.Get<byte>({index})",
            (PropertyValueType.Boolean, false) => $"row.GetBoolean({index})",
            (PropertyValueType.DateTime, false) => $"row.GetDateTime({index})",
            (PropertyValueType.DateTimeOffset, false) => $"row.GetDateTimeOffset({index})",
            (PropertyValueType.DateOnly, false) => $"row.GetDateOnly({index})",
            (PropertyValueType.Single, true) => $"row.GetNullable<float>({index})",
            (PropertyValueType.Double, true) => $"row.GetNullable<double>({index})",
            (PropertyValueType.Decimal, true) => $"row.GetNullable<decimal>({index})",
            (PropertyValueType.Int32, true) => $"row.GetNullable<int>({index})",
            (PropertyValueType.Int64, true) => $"row.GetNullable<long>({index})",
            (PropertyValueType.Int16, true) => $"row.GetNullable<short>({index})",
            (PropertyValueType.Byte, true) => $"row.GetNullable<byte>({index})",
            (PropertyValueType.Boolean, true) => Nullable("GetBoolean"),
            (PropertyValueType.DateTime, true) => Nullable("GetDateTime"),
            (PropertyValueType.DateTimeOffset, true) => Nullable("GetDateTimeOffset"),
            _ => Nullable("GetDateOnly"),
        };
    }
}

/// <summary>The kind of value a transform needs; the numbers are <c>MlAsCode.Transform</c>'s.</summary>
internal enum TransformKind
{
    Numeric,
    Categorical,
    Time,
    Temporal,
    Interaction,
    Unknown,
}

internal static class TransformKinds
{
    public static TransformKind Of(Transform transform) => transform switch
    {
        Transform.Raw or Transform.Log or Transform.Standardize or Transform.MinMax or Transform.QuantileBin => TransformKind.Numeric,
        Transform.OneHot or Transform.TargetEncode or Transform.Hash or Transform.TfIdf => TransformKind.Categorical,
        Transform.Lag or Transform.Rolling => TransformKind.Temporal,
        Transform.TimeSince or Transform.Cyclical => TransformKind.Time,
        Transform.Ratio or Transform.Difference or Transform.Product => TransformKind.Interaction,
        _ => TransformKind.Unknown,
    };
}
