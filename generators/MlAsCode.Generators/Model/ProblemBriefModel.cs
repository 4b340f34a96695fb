using MlAsCode.Generators.Common;

namespace MlAsCode.Generators.Model;

/// <summary>
/// One <c>[MlProblem]</c> declaration as the emitter needs it: where to write, and the rules baseline's method when
/// there is one. The brief's values are not copied here: the generated <c>Brief</c> reads them from the attributes at
/// run time through the one declaration reader (<c>ProblemBrief.Declared</c>), so the generated file is a line long.
/// </summary>
/// <param name="Type">The declaration to extend.</param>
/// <param name="QualifiedName">The type's fully qualified name, for <c>typeof</c>.</param>
/// <param name="Rules">The rules baseline's method, when it can be bound as a typed delegate.</param>
internal sealed record ProblemBriefModel(TypeDeclarationModel Type, string QualifiedName, RulesMethodModel? Rules);

/// <summary>The rules baseline's method and its parameter and return types (fully qualified), bound at compile time.</summary>
internal sealed record RulesMethodModel(string Method, EquatableArray<string> ParameterTypes, string ReturnType);
