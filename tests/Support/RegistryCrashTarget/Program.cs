using System;
using System.Threading;
using MlAsCode.Registry;

// Usage: RegistryCrashTarget sqlite|postgres DATABASE ARTIFACT_ROOT MODEL VERSION
// Promotes VERSION to production and, inside the promotion's transaction (the old production version archived, the
// new one not yet promoted), prints "paused at previous_archived" and waits to be killed.
if (args.Length != 5)
{
    Console.Error.WriteLine("usage: RegistryCrashTarget sqlite|postgres DATABASE ARTIFACT_ROOT MODEL VERSION");
    return 2;
}

var policy = new PromotionPolicy { RequiredChecks = [] };
ModelRegistry registry = args[0] == "sqlite"
    ? new PausingSqlite(args[1], args[2], policy)
    : new PausingPostgres(args[1], args[2], policy);
registry.PromoteToProductionAsync(args[3], args[4], "crash-target", "killed mid-promotion").GetAwaiter().GetResult();
Console.WriteLine("promotion committed");
return 0;

internal static class Crash
{
    public static void Pause(string step)
    {
        Console.WriteLine("paused at " + step);
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
    }
}

internal sealed class PausingSqlite(string path, string artifacts, PromotionPolicy policy) : SqliteModelRegistry(path, artifacts, policy)
{
    protected override void OnPromotionStep(string step) => Crash.Pause(step);
}

internal sealed class PausingPostgres(string connectionString, string artifacts, PromotionPolicy policy) : PostgresModelRegistry(connectionString, artifacts, policy)
{
    protected override void OnPromotionStep(string step) => Crash.Pause(step);
}
