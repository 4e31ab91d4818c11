using System.CommandLine;
using Broker.Controllers;
using Broker.Hosting;
using Broker.Hosting.Logging;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Runtime.Leadership;
using Microsoft.Extensions.Logging;

namespace Broker.Cli;

/// <summary><c>broker run</c>: production mode against a real kcp (or LocalKcp).</summary>
internal static class RunCommand
{
    public static Command Create(OptionFactory factory)
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Kubeconfig of the platform workspace (default: $KUBECONFIG, then ~/.kube/config)" };
        var context = new Option<string?>("--context") { Description = "Kubeconfig context (default: current-context)" };
        var platform = new Option<string?>("--platform-workspace") { Description = "Platform workspace path (default: the kubeconfig server's /clusters/<path>)" };
        var acceptApiExport = new Option<string>("--acceptapi-export") { Description = "The APIExport providers bind to publish AcceptAPIs", DefaultValueFactory = _ => "acceptapis" };
        var brokered = new Option<string[]>("--brokered-export") { Description = "An APIExport whose objects are brokered (repeatable; default: every other export of the platform workspace)", AllowMultipleArgumentsPerToken = false };
        var stagingRoot = new Option<string?>("--staging-root") { Description = "Parent workspace of the staging workspaces (default: the platform workspace)" };
        var cutover = factory.Duration("--cutover-timeout", "How long a move waits for the new copy to become ready", TimeSpan.FromMinutes(10));
        var enableMigration = factory.Create(
            "--enable-migration", "Run the stages of the MigrationConfiguration covering a move; false makes every move a Migration without stages",
            ValueParsers.Boolean, true, "ENABLE_MIGRATION");
        var retention = factory.Duration("--migration-retention", "How long a finished Migration is kept before it is deleted", TimeSpan.FromHours(1));
        var stageKubeconfig = StageKubeconfigOption();
        var reconcileInterval = factory.Duration(
            "--reconcile-interval", "How often every brokered object is reconciled again without an event (0 disables); settled objects cost reads, no writes",
            BrokerOptions.DefaultReconcileInterval, "RECONCILE_INTERVAL");
        var workers = factory.Create("--workers", "Parallel reconciles of brokered objects", ValueParsers.Integer, 8);
        var metrics = factory.Create("--metrics-address", "Prometheus /metrics address, e.g. :8080 (0 disables)", ValueParsers.Address, ":8080", "METRICS_ADDR");
        var health = factory.Create("--health-address", "/healthz and /readyz address, e.g. :8081 (0 disables)", ValueParsers.Address, ":8081", "HEALTH_PROBE_ADDR");
        var leaderElection = new LeaderElectionFlags(factory);
        var rateLimit = new RateLimitFlags(factory);
        var logging = new LogFlags(factory);

        var command = new Command("run", "Run the broker against kcp: watch AcceptAPIs and brokered objects, place and move them.")
        {
            kubeconfig, context, platform, acceptApiExport, brokered, stagingRoot, cutover, enableMigration, retention, stageKubeconfig, reconcileInterval, workers, metrics, health,
        };
        foreach (var option in rateLimit.All.Concat(leaderElection.All).Concat(logging.All))
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult,
            new Inputs(kubeconfig, context, platform, acceptApiExport, brokered, stagingRoot, cutover, enableMigration, retention, stageKubeconfig, reconcileInterval, workers, metrics, health, rateLimit, leaderElection, logging),
            cancellationToken));
        return command;
    }

    private static Option<string?> StageKubeconfigOption()
    {
        var option = new Option<string?>("--stage-kubeconfig") { Description = "Kubeconfig of the stage target, where stage objects go (a cluster where Jobs run, or a kcp workspace; default: the platform workspace)" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } file && !File.Exists(file))
            {
                result.AddError($"--stage-kubeconfig {file}: no such file");
            }
        });
        return option;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, Inputs o, CancellationToken cancellationToken)
    {
        var (leaderElection, problems) = o.LeaderElection.Read(parseResult);
        if (problems.Count > 0)
        {
            await Console.Error.WriteLineAsync($"broker run: --leader-elect: {string.Join("; ", problems)}");
            return UsageException.ExitCode;
        }

        KcpConnection connection;
        try
        {
            connection = KubeconfigLoader.LoadDefault(parseResult.GetValue(o.Kubeconfig), parseResult.GetValue(o.Context));
        }
        catch (KubeconfigException e)
        {
            await Console.Error.WriteLineAsync($"broker run: {e.Message}");
            return UsageException.ExitCode;
        }

        if (!TryPath(parseResult.GetValue(o.Platform), connection.Workspace, out var platformPath) || !TryPath(parseResult.GetValue(o.StagingRoot), platformPath, out var stagingPath))
        {
            await Console.Error.WriteLineAsync("broker run: name the platform workspace: --platform-workspace root:platform, or a kubeconfig whose server ends in /clusters/<path>");
            return UsageException.ExitCode;
        }

        var options = Options(parseResult, o, platformPath, stagingPath);
        using var loggers = BrokerLogging.Create(o.Logging.Read(parseResult));
        using var client = new KcpClient(connection, new KcpClientOptions { RateLimit = o.RateLimit.Read(parseResult) });
        if (await ConnectionCheck.ProblemAsync(client, options.PlatformWorkspace, cancellationToken) is { } problem)
        {
            await Console.Error.WriteLineAsync($"broker run: {problem}");
            return 1;
        }

        try
        {
            await BrokerRunner.RunAsync(client, options, parseResult.GetValue(o.Metrics), parseResult.GetValue(o.Health), leaderElection, loggers, cancellationToken);
        }
        catch (LeaderElectionLostException e)
        {
            // controller-runtime's way: never reconcile on without the lease; exit, and the Deployment restarts a standby.
            await Console.Error.WriteLineAsync($"broker run: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0; // SIGTERM / Ctrl-C: drained
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or InvalidOperationException or EndpointUnavailableException or KubeconfigException)
        {
            await Console.Error.WriteLineAsync($"broker run: {e.Message}");
            return 1;
        }

        return 0;
    }

    private static BrokerOptions Options(ParseResult parseResult, Inputs o, ClusterPath platform, ClusterPath staging) =>
        new()
        {
            PlatformWorkspace = platform,
            AcceptApiExport = parseResult.GetValue(o.AcceptApiExport)!,
            BrokeredExports = parseResult.GetValue(o.Brokered) ?? [],
            StagingRoot = staging,
            CutoverTimeout = parseResult.GetValue(o.Cutover),
            EnableMigration = parseResult.GetValue(o.EnableMigration),
            MigrationRetention = parseResult.GetValue(o.Retention),
            StageKubeconfig = parseResult.GetValue(o.StageKubeconfig) is { } path ? Path.GetFullPath(path) : null,
            ReconcileInterval = parseResult.GetValue(o.ReconcileInterval),
            Workers = Math.Max(1, parseResult.GetValue(o.Workers)),
        };

    private sealed record Inputs(
        Option<string?> Kubeconfig, Option<string?> Context, Option<string?> Platform, Option<string> AcceptApiExport, Option<string[]> Brokered,
        Option<string?> StagingRoot, Option<TimeSpan> Cutover, Option<bool> EnableMigration, Option<TimeSpan> Retention, Option<string?> StageKubeconfig,
        Option<TimeSpan> ReconcileInterval, Option<int> Workers, Option<string> Metrics, Option<string> Health, RateLimitFlags RateLimit,
        LeaderElectionFlags LeaderElection, LogFlags Logging);

    private static bool TryPath(string? value, ClusterPath? fallback, out ClusterPath path)
    {
        if (value is null)
        {
            path = fallback ?? default;
            return fallback is not null;
        }

        return ClusterPath.TryParse(value, out path);
    }
}
