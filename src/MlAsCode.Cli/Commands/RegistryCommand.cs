using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MlAsCode.Registry;

namespace MlAsCode.Cli.Commands;

/// <summary><c>mlac registry</c>: the model registry from the command line (list, history, at, register, promote,
/// check, approve, rollback, verify). Exit 1 when a promotion is refused or a file fails verification.</summary>
internal static class RegistryCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var registry = new Option<string>("--registry") { Description = "The SQLite registry file.", DefaultValueFactory = _ => Path.Combine(".mlac", "registry.db") };
        var postgres = new Option<string?>("--postgres") { Description = "A PostgreSQL connection string (then --artifacts names the model file folder)." };
        var artifacts = new Option<string?>("--artifacts") { Description = "The folder of model files (default: 'models' beside the SQLite file)." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var model = new Argument<string>("model") { Description = "The model's name (e.g. churn)." };
        var version = new Argument<string>("version") { Description = "A semantic version (e.g. 1.2.0)." };
        var by = new Option<string>("--by") { Description = "Who does it (recorded in the history).", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the history).", Required = true };
        Option[] store = [registry, postgres, artifacts];

        // Only register creates a SQLite registry; every other command refuses a missing file rather than answering
        // from a new, empty one (a mistyped --registry would otherwise look like a registry without versions).
        ModelRegistry Open(ParseResult parse, bool creates)
        {
            if (parse.GetValue(postgres) is { Length: > 0 } connection)
            {
                return new PostgresModelRegistry(connection, parse.GetValue(artifacts) ?? throw new ArgumentException("--postgres needs --artifacts (the model file folder)."));
            }

            var path = parse.GetValue(registry)!;
            if (!creates && !File.Exists(path))
            {
                throw new ArgumentException($"No model registry at {Path.GetFullPath(path)}: give its file with --registry (or a server with --postgres); 'mlac registry register' creates one.");
            }

            return new SqliteModelRegistry(path, parse.GetValue(artifacts));
        }

        Command Make(string name, string description, IEnumerable<Symbol> symbols, Func<ParseResult, ModelRegistry, Task<int>> action)
        {
            var command = new Command(name, description);
            foreach (var symbol in symbols.Concat(store))
            {
                switch (symbol)
                {
                    case Argument a: command.Arguments.Add(a); break;
                    case Option o: command.Options.Add(o); break;
                }
            }

            command.SetAction(parse =>
            {
                try
                {
                    return action(parse, Open(parse, creates: name == "register")).GetAwaiter().GetResult();
                }
                catch (Exception e) when (e is PromotionRefusedException or ModelIntegrityException)
                {
                    error.WriteLine($"mlac registry {name}: {e.Message}");
                    return MlacApp.Findings;
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or System.Data.Common.DbException)
                {
                    error.WriteLine($"mlac registry {name}: {e.Message}");
                    return MlacApp.UsageError;
                }
            });
            return command;
        }

        var list = Make("list", "Every version of a model with stage, metrics and lineage.\nExample: mlac registry list churn --registry out/churn/.mlac/registry.db", [model, json], async (parse, r) =>
        {
            var versions = await r.ListAsync(parse.GetValue(model)!);
            if (parse.GetValue(json))
            {
                output.WriteLine(new JsonArray([.. versions.Select(v => (JsonNode)Json(v))]).ToJsonString(Indented));
            }
            else if (versions.IsEmpty)
            {
                output.WriteLine($"{parse.GetValue(model)}: no versions in {r.Location}");
            }
            else if (Terminal.IsInteractive(output))
            {
                Terminal.Table(output, $"{parse.GetValue(model)} in {r.Location}", ["version", "stage", "metric", "sha256", "run", "registered", "by"],
                    versions.Select(v => (IReadOnlyList<string>)[v.Version, v.Stage.ToString().ToLowerInvariant(), Invariant($"{v.PrimaryMetric.Name} {v.PrimaryMetric.Value:0.####}"),
                        v.OnnxSha256[..12], v.Lineage.ExperimentRunId, Invariant($"{v.RegisteredUtc:u}"), v.RegisteredBy]));
            }
            else
            {
                foreach (var v in versions)
                {
                    output.WriteLine(Invariant($"{v.Version,-10} {v.Stage.ToString().ToLowerInvariant(),-12} {v.PrimaryMetric.Name} {v.PrimaryMetric.Value:0.####}  sha256 {v.OnnxSha256[..12]}  run {v.Lineage.ExperimentRunId}  registered {v.RegisteredUtc:u} by {v.RegisteredBy}"));
                }
            }

            return MlacApp.Ok;
        });

        var history = Make("history", "The append-only history of a model.\nExample: mlac registry history churn --registry out/churn/.mlac/registry.db", [model, json], async (parse, r) =>
        {
            var events = await r.HistoryAsync(parse.GetValue(model)!);
            if (parse.GetValue(json))
            {
                output.WriteLine(new JsonArray([.. events.Select(e => (JsonNode)new JsonObject
                {
                    ["sequence"] = e.Sequence, ["time"] = e.OccurredUtc.ToString("O", CultureInfo.InvariantCulture), ["version"] = e.Version, ["action"] = e.Action,
                    ["from"] = e.FromStage?.ToString().ToLowerInvariant(), ["to"] = e.ToStage?.ToString().ToLowerInvariant(), ["actor"] = e.Actor, ["reason"] = e.Reason,
                })]).ToJsonString(Indented));
            }
            else if (Terminal.IsInteractive(output))
            {
                Terminal.Table(output, $"{parse.GetValue(model)} in {r.Location}", ["time", "version", "action", "stage", "by", "reason"],
                    events.Select(e => (IReadOnlyList<string>)[Invariant($"{e.OccurredUtc:u}"), e.Version, e.Action,
                        e.ToStage is { } to ? $"{e.FromStage?.ToString().ToLowerInvariant() ?? "-"} -> {to.ToString().ToLowerInvariant()}" : "", e.Actor, e.Reason]));
            }
            else
            {
                foreach (var e in events)
                {
                    var change = e.ToStage is { } to ? $" {e.FromStage?.ToString().ToLowerInvariant() ?? "-"} -> {to.ToString().ToLowerInvariant()}" : "";
                    output.WriteLine(Invariant($"{e.OccurredUtc:u}  {e.Version,-8} {e.Action}{change}  by {e.Actor}: {e.Reason}"));
                }
            }

            return MlacApp.Ok;
        });

        var time = new Argument<string>("time") { Description = "An ISO-8601 time (e.g. 2026-11-20T09:00:00Z)." };
        var at = Make("at", "Which version served production at a time.\nExample: mlac registry at churn 2026-11-20T09:00:00Z --registry out/churn/.mlac/registry.db", [model, time, json], async (parse, r) =>
        {
            if (!DateTimeOffset.TryParse(parse.GetValue(time), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
            {
                throw new ArgumentException($"'{parse.GetValue(time)}' is not a time; write ISO-8601, e.g. 2026-11-20T09:00:00Z.");
            }

            var served = await r.GetProductionAtAsync(parse.GetValue(model)!, moment);
            output.WriteLine(parse.GetValue(json)
                ? new JsonObject { ["time"] = moment.ToString("O", CultureInfo.InvariantCulture), ["version"] = served?.Version }.ToJsonString(Indented)
                : served is null ? $"no version of {parse.GetValue(model)} was in production at {moment:u}" : $"{served.Version} served production at {moment:u}");
            return MlacApp.Ok;
        });

        var onnx = new Argument<FileInfo>("onnx") { Description = "The ONNX model file." };
        var pipeline = new Option<FileInfo?>("--pipeline") { Description = "The fitted feature pipeline (JSON) served with it." };
        var metric = new Option<string>("--metric") { Description = "The primary metric, NAME=VALUE (e.g. pr_auc=0.66); NAME:lower=VALUE when lower is better.", Required = true };
        var guardrail = new Option<string[]>("--guardrail") { Description = "A guardrail metric, NAME=VALUE or NAME:lower=VALUE. Repeatable." };
        var run = new Option<string>("--run") { Description = "The experiment run id.", Required = true };
        var dataset = new Option<string>("--dataset-sha256") { Description = "SHA-256 of the training data.", Required = true };
        var code = new Option<string>("--code-version") { Description = "The code version (a commit).", Required = true };
        var setVersion = new Option<string?>("--version") { Description = "The version (default: the next minor)." };
        var register = Make("register", "Store a model file and register it in development.\nExample: mlac registry register churn out/churn/experiments/mlp/model.onnx --pipeline out/churn/experiments/mlp/feature_pipeline.json --metric pr_auc=0.656 --run RUN --dataset-sha256 SHA --code-version 3f2c1ab --by ana --registry out/churn/.mlac/registry.db",
            [model, onnx, pipeline, metric, guardrail, run, dataset, code, setVersion, by, json], async (parse, r) =>
            {
                var pipelineFile = parse.GetValue(pipeline);
                var registered = await r.RegisterAsync(new ModelRegistration
                {
                    Model = parse.GetValue(model)!, OnnxPath = parse.GetValue(onnx)!.FullName, PipelinePath = pipelineFile?.FullName,
                    Lineage = new ModelLineage(parse.GetValue(run)!, parse.GetValue(dataset)!, pipelineFile is null ? "" : ArtifactStore.Hash(File.ReadAllBytes(pipelineFile.FullName)), parse.GetValue(code)!),
                    PrimaryMetric = Metric(parse.GetValue(metric)!), Guardrails = [.. (parse.GetValue(guardrail) ?? []).Select(Metric)],
                    Version = parse.GetValue(setVersion), RegisteredBy = parse.GetValue(by)!,
                });
                output.WriteLine(parse.GetValue(json) ? Json(registered).ToJsonString(Indented) : $"registered {registered}, ONNX SHA-256 {registered.OnnxSha256}");
                return MlacApp.Ok;
            });

        var stage = new Option<string>("--to") { Description = "staging or production.", Required = true };
        stage.AcceptOnlyFromAmong("staging", "production");
        var promote = Make("promote", "Promote a version (staging: must beat production; production: its checks must have passed).\nExample: mlac registry promote churn 1.1.0 --to staging --by maria --reason \"monthly release\" --registry out/churn/.mlac/registry.db",
            [model, version, stage, by, reason, json], async (parse, r) =>
            {
                var (m, v) = (parse.GetValue(model)!, parse.GetValue(version)!);
                var promoted = parse.GetValue(stage) == "staging"
                    ? await r.PromoteToStagingAsync(m, v, parse.GetValue(by)!, parse.GetValue(reason)!)
                    : await r.PromoteToProductionAsync(m, v, parse.GetValue(by)!, parse.GetValue(reason)!);
                output.WriteLine(parse.GetValue(json) ? Json(promoted).ToJsonString(Indented) : $"{promoted}");
                return MlacApp.Ok;
            });

        var kind = new Option<string>("--kind") { Description = "load_test, integration_test or a check of your own.", Required = true };
        var failed = new Option<bool>("--failed") { Description = "The check failed (default: passed)." };
        var detail = new Option<string>("--detail") { Description = "The result, e.g. \"p99 41 ms at 500 rps\".", Required = true };
        var check = Make("check", "Record a check against a version.\nExample: mlac registry check churn 1.1.0 --kind load_test --detail \"p99 41 ms at 500 rps\" --by ci --registry out/churn/.mlac/registry.db",
            [model, version, kind, failed, detail, by, json], async (parse, r) =>
            {
                await r.RecordCheckAsync(parse.GetValue(model)!, parse.GetValue(version)!, parse.GetValue(kind)!, !parse.GetValue(failed), parse.GetValue(detail)!, parse.GetValue(by)!);
                output.WriteLine(parse.GetValue(json)
                    ? new JsonObject { ["model"] = parse.GetValue(model), ["version"] = parse.GetValue(version), ["kind"] = parse.GetValue(kind), ["passed"] = !parse.GetValue(failed), ["detail"] = parse.GetValue(detail) }.ToJsonString(Indented)
                    : $"recorded {parse.GetValue(kind)} {(parse.GetValue(failed) ? "failed" : "passed")} for {parse.GetValue(model)} {parse.GetValue(version)}");
                return MlacApp.Ok;
            });

        var approve = Make("approve", "Record a human approval for production (who, why; when is now).\nExample: mlac registry approve churn 1.1.0 --by maria --reason \"reviewed the evaluation report\" --registry out/churn/.mlac/registry.db",
            [model, version, by, reason, json], async (parse, r) =>
            {
                await r.ApproveAsync(parse.GetValue(model)!, parse.GetValue(version)!, parse.GetValue(by)!, parse.GetValue(reason)!);
                output.WriteLine(parse.GetValue(json)
                    ? new JsonObject { ["model"] = parse.GetValue(model), ["version"] = parse.GetValue(version), ["approved_by"] = parse.GetValue(by), ["reason"] = parse.GetValue(reason) }.ToJsonString(Indented)
                    : $"approved {parse.GetValue(model)} {parse.GetValue(version)} by {parse.GetValue(by)}");
                return MlacApp.Ok;
            });

        var rollback = Make("rollback", "Put the previous production version back.\nExample: mlac registry rollback churn --by oncall --reason \"error rate 3x\" --registry out/churn/.mlac/registry.db",
            [model, by, reason, json], async (parse, r) =>
            {
                var restored = await r.RollbackAsync(parse.GetValue(model)!, parse.GetValue(by)!, parse.GetValue(reason)!);
                output.WriteLine(parse.GetValue(json) ? Json(restored).ToJsonString(Indented) : $"rolled back: {restored} serves production");
                return MlacApp.Ok;
            });

        var verify = Make("verify", "Recompute the SHA-256 of a version's files (exit 1 when one changed or is missing).\nExample: mlac registry verify churn 1.0.0 --registry out/churn/.mlac/registry.db",
            [model, version, json], async (parse, r) =>
            {
                var loaded = await r.LoadAsync(parse.GetValue(model)!, parse.GetValue(version)!);
                var verified = Json(loaded.Version);
                verified["verified"] = true;
                output.WriteLine(parse.GetValue(json) ? verified.ToJsonString(Indented)
                    : $"{loaded.Version}: ONNX {loaded.Version.OnnxSha256} verified{(loaded.Pipeline is null ? "" : ", feature pipeline verified")}");
                return MlacApp.Ok;
            });

        return new Command("registry", "The model registry (the methodology's Phase 8 workflow): versions, promotion, rollback, history.")
        {
            list, history, at, register, promote, check, approve, rollback, verify,
        };
    }

    private static ModelMetric Metric(string text)
    {
        var parts = text.Split('=', 2);
        var name = parts[0];
        var lower = name.EndsWith(":lower", StringComparison.Ordinal);
        name = lower ? name[..^":lower".Length] : name;
        if (parts.Length != 2 || name.Length == 0 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new ArgumentException($"'{text}' is not a metric: write NAME=VALUE (e.g. pr_auc=0.66) or NAME:lower=VALUE.");
        }

        return new ModelMetric(name, value, !lower);
    }

    private static JsonObject Json(ModelVersion v) => new()
    {
        ["model"] = v.Model, ["version"] = v.Version, ["stage"] = v.Stage.ToString().ToLowerInvariant(),
        ["onnx_sha256"] = v.OnnxSha256, ["onnx_bytes"] = v.OnnxBytes, ["pipeline_sha256"] = v.PipelineSha256,
        ["run_id"] = v.Lineage.ExperimentRunId, ["dataset_sha256"] = v.Lineage.DatasetSha256, ["feature_pipeline_sha256"] = v.Lineage.FeaturePipelineSha256,
        ["code_version"] = v.Lineage.CodeVersion, ["primary_metric"] = new JsonObject { ["name"] = v.PrimaryMetric.Name, ["value"] = v.PrimaryMetric.Value },
        ["registered_utc"] = v.RegisteredUtc.ToString("O", CultureInfo.InvariantCulture), ["registered_by"] = v.RegisteredBy,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
