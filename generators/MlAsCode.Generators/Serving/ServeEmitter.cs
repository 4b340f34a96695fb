using MlAsCode.Generators.Common;
using MlAsCode.Generators.Model;

namespace MlAsCode.Generators.Serving;

/// <summary>Writes <c>Add{Name}</c> and <c>Map{Name}</c> for a served model.</summary>
internal static class ServeEmitter
{
    private const string S = "global::MlAsCode.Serving.ServingExtensions";

    public static string Emit(ServeModel model)
    {
        var w = new SourceWriter();
        var depth = GeneratedFile.Open(w, model.Type);
        var row = model.Row!;
        var problem = model.Problem!;
        var self = model.CanExtend ? "this " : "";
        w.Line($"/// <summary>The service name: configuration section <c>MlAsCode:Serving:{model.ServiceName}</c>.</summary>");
        w.Line($"public const string ServiceName = {Literals.String(model.ServiceName)};");
        w.Line();
        w.Line("/// <summary>The service's Dockerfile and Kubernetes manifests (<c>Deployment.WriteTo(...)</c>).</summary>");
        w.Line($"public static global::MlAsCode.Serving.DeploymentFiles Deployment {{ get; }} = new(ServiceName, {Literals.String(model.Route)}, {Literals.String(model.AssemblyName)});");
        w.Line();
        w.Line($"/// <summary>Registers the {model.ServiceName} model service (loaded when the host starts).</summary>");
        w.Line(GeneratedFile.GeneratedCodeAttribute);
        w.Line($"public static global::Microsoft.Extensions.DependencyInjection.IServiceCollection Add{model.MethodSuffix}({self}global::Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>");
        w.Line($"    {S}.AddMlService<{row}>(services, ServiceName, {row}.Features, {problem}.Brief.Task,");
        w.Line($"        global::MlAsCode.Serving.ServingOptions.Declared(typeof({model.QualifiedName})), {(model.Fallback is { } fallback ? fallback : "null")});");
        w.Line();
        w.Line($"/// <summary>Registers the {model.ServiceName} model service on the application builder.</summary>");
        w.Line(GeneratedFile.GeneratedCodeAttribute);
        w.Line($"public static global::Microsoft.AspNetCore.Builder.WebApplicationBuilder Add{model.MethodSuffix}({self}global::Microsoft.AspNetCore.Builder.WebApplicationBuilder builder)");
        w.Line("{");
        w.Line($"    Add{model.MethodSuffix}(builder.Services);");
        w.Line("    return builder;");
        w.Line("}");
        w.Line();
        w.Line($"/// <summary>Maps <c>POST {model.Route.TrimEnd('/')}/predict</c>, <c>POST {model.Route.TrimEnd('/')}/predict/batch</c>, <c>GET /health</c> and <c>GET /ready</c>.</summary>");
        w.Line(GeneratedFile.GeneratedCodeAttribute);
        w.Line($"public static global::Microsoft.AspNetCore.Routing.IEndpointRouteBuilder Map{model.MethodSuffix}({self}global::Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints) =>");
        w.Line($"    {S}.MapMlService<{row}>(endpoints, ServiceName, {Literals.String(model.Route)});");
        GeneratedFile.Close(w, depth);
        return w.ToString();
    }
}
