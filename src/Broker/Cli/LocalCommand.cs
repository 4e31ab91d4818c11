using System.CommandLine;
using Broker.LocalKcp.Hosting;

namespace Broker.Cli;

/// <summary><c>broker local</c>: LocalKcp, the embedded kcp-compatible control plane, with the broker and optionally the demo.</summary>
internal static class LocalCommand
{
    public static Command Create(OptionFactory factory)
    {
        var port = new Option<int>("--port")
        {
            Description = "HTTPS port on 127.0.0.1 (0 picks a free port; the kubeconfig tells which).",
            DefaultValueFactory = _ => 6443,
        };
        var dir = new Option<string>("--dir")
        {
            Description = "Data folder for certificates, users.csv (tokens; admin.token holds shard-admin's), admin.kubeconfig and (unless --ephemeral) every object: a restart comes back with them.",
            DefaultValueFactory = _ => ".broker",
        };
        var ephemeral = new Option<bool>("--ephemeral")
        {
            Description = "Keep workspaces and objects in memory only: they are gone when the process stops.",
        };
        var shards = new Option<int>("--shards")
        {
            Description = "Number of emulated kcp shards, each with its own resourceVersions and virtual-workspace URL.",
            DefaultValueFactory = _ => 1,
        };
        var controlPlaneOnly = new Option<bool>("--control-plane-only")
        {
            Description = "Start LocalKcp alone, without the broker.",
        };
        var demo = new Option<bool>("--demo")
        {
            Description = "Also set up the kcp-certs example: two provider workspaces with AcceptAPIs and running issuers, and a consumer workspace.",
        };
        var metrics = factory.Create(
            "--metrics-address", "Serve the broker's Prometheus /metrics here, e.g. 127.0.0.1:8080 (default: not served)", ValueParsers.Address, "0", "METRICS_ADDR");
        var issueDelay = factory.Duration("--issue-delay", "With --demo: how long the example issuers take to provision a certificate (simulated)", TimeSpan.FromSeconds(2));
        var reconcileInterval = factory.Duration(
            "--reconcile-interval", "How often every brokered object is reconciled again without an event (0 disables)", Controllers.BrokerOptions.DefaultReconcileInterval, "RECONCILE_INTERVAL");
        var rateLimit = new RateLimitFlags(factory);
        var logging = new LogFlags(factory);
        var command = new Command("local", "Start LocalKcp, an embedded kcp-compatible control plane on 127.0.0.1, and the broker against it.")
        {
            port, dir, ephemeral, shards, demo, issueDelay, controlPlaneOnly, metrics, reconcileInterval, rateLimit.Qps, rateLimit.Burst, logging.Level, logging.Format,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult, new Inputs(port, dir, ephemeral, shards, demo, issueDelay, controlPlaneOnly, metrics, reconcileInterval, rateLimit, logging), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, Inputs o, CancellationToken cancellationToken)
    {
        var options = new LocalKcpOptions
        {
            Port = parseResult.GetValue(o.Port),
            DataDirectory = parseResult.GetValue(o.Dir) ?? ".broker",
            Ephemeral = parseResult.GetValue(o.Ephemeral),
            Shards = parseResult.GetValue(o.Shards),
        };
        var (demo, controlPlaneOnly, metricsAddress) = (parseResult.GetValue(o.Demo), parseResult.GetValue(o.ControlPlaneOnly), parseResult.GetValue(o.Metrics));
        var problem = (options.Port, options.Shards, demo, controlPlaneOnly) switch
        {
            (< 0 or > 65535, _, _, _) or (_, < 1, _, _) => "--port must be 0-65535 and --shards at least 1",
            (_, _, true, true) => "--demo needs the broker; it cannot be combined with --control-plane-only",
            (_, _, _, true) when Hosting.BrokerRunner.Serves(metricsAddress) => "--metrics-address serves the broker's metrics; it cannot be combined with --control-plane-only",
            _ => null,
        };
        if (problem is not null)
        {
            await Console.Error.WriteLineAsync($"broker local: {problem}");
            return 2;
        }

        var mode = controlPlaneOnly ? Local.LocalMode.ControlPlaneOnly : demo ? Local.LocalMode.Demo : Local.LocalMode.Broker;
        var broker = new Local.LocalBrokerSettings(parseResult.GetValue(o.IssueDelay), metricsAddress, parseResult.GetValue(o.ReconcileInterval), o.RateLimit.Read(parseResult), o.Logging.Read(parseResult));
        return await Local.LocalRunner.RunAsync(options, mode, broker, cancellationToken);
    }

    private sealed record Inputs(
        Option<int> Port, Option<string> Dir, Option<bool> Ephemeral, Option<int> Shards, Option<bool> Demo, Option<TimeSpan> IssueDelay, Option<bool> ControlPlaneOnly,
        Option<string> Metrics, Option<TimeSpan> ReconcileInterval, RateLimitFlags RateLimit, LogFlags Logging);
}
