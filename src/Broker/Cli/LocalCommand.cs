using System.CommandLine;
using Broker.LocalKcp.Hosting;

namespace Broker.Cli;

/// <summary><c>broker local</c>: LocalKcp, the embedded kcp-compatible control plane, with the broker and optionally the demo.</summary>
internal static class LocalCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port")
        {
            Description = "HTTPS port on 127.0.0.1 (0 picks a free port; the kubeconfig tells which).",
            DefaultValueFactory = _ => 6443,
        };
        var dir = new Option<string>("--dir")
        {
            Description = "Data folder for certificates, the admin token and admin.kubeconfig.",
            DefaultValueFactory = _ => ".broker",
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
        var issueDelay = DurationOption.Create("--issue-delay", "With --demo: how long the example issuers take to provision a certificate (simulated)", TimeSpan.FromSeconds(2));
        var command = new Command("local", "Start LocalKcp, an embedded kcp-compatible control plane on 127.0.0.1, and the broker against it.")
        {
            port, dir, shards, demo, issueDelay, controlPlaneOnly,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new LocalKcpOptions
            {
                Port = parseResult.GetValue(port),
                DataDirectory = parseResult.GetValue(dir) ?? ".broker",
                Shards = parseResult.GetValue(shards),
            };
            if (options.Port is < 0 or > 65535 || options.Shards < 1)
            {
                await Console.Error.WriteLineAsync("broker local: --port must be 0-65535 and --shards at least 1");
                return 2;
            }

            if (parseResult.GetValue(demo) && parseResult.GetValue(controlPlaneOnly))
            {
                await Console.Error.WriteLineAsync("broker local: --demo needs the broker; it cannot be combined with --control-plane-only");
                return 2;
            }

            var mode = parseResult.GetValue(controlPlaneOnly) ? Local.LocalMode.ControlPlaneOnly : parseResult.GetValue(demo) ? Local.LocalMode.Demo : Local.LocalMode.Broker;
            return await Local.LocalRunner.RunAsync(options, mode, parseResult.GetValue(issueDelay), cancellationToken);
        });
        return command;
    }
}
