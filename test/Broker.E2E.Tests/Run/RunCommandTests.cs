using System.Net;
using System.Net.Sockets;
using Broker.Testing;

namespace Broker.E2E.Tests.Run;

/// <summary><c>broker run</c> refusing bad leader-election input: exit 2 and one line naming the value (design §6), before
/// any connection is tried.</summary>
public sealed partial class RunCommandTests
{
    [TestCase("--leader-elect-lease-duration", "10s", "--leader-elect-renew-deadline", "10s",
        "broker run: --leader-elect: the renew deadline (10s) must be shorter than the lease duration (10s), so a leader stops before a standby may start")]
    [TestCase("--leader-elect-lease-duration", "-15s", "--leader-elect-renew-deadline", "10s",
        "broker run: --leader-elect: the lease duration (-15s) must be at least 1s: a Lease stores whole seconds")]
    [TestCase("--leader-elect-retry-period", "-2s", "--leader-elect-renew-deadline", "10s",
        "broker run: --leader-elect: the retry period (-2s) must be positive")]
    [TestCase("--leader-elect-lease-duration", "15", "--leader-elect-renew-deadline", "10s",
        "broker: --leader-elect-lease-duration: '15' is not a duration; write e.g. 15s, 1m30s, 500ms or 00:00:15 (see --help)")]
    public async Task Run_LeaderElectBadDurations_ExitsTwoWithOneLine(string option1, string value1, string option2, string value2, string message)
    {
        var (exitCode, stdout, stderr) = await BrokerProcess.RunAsync("run", "--kubeconfig", "/nonexistent/kubeconfig", "--leader-elect", option1, value1, option2, value2);

        exitCode.ShouldBe(2);
        stderr.TrimEnd().ShouldBe(message);
        stdout.ShouldBeEmpty();
    }

    [TestCase("--stage-kubeconfig", "/nonexistent/stage.kubeconfig", "broker: --stage-kubeconfig /nonexistent/stage.kubeconfig: no such file (see --help)")]
    [TestCase("--migration-retention", "1x", "broker: --migration-retention: '1x' is not a duration; write e.g. 15s, 1m30s, 500ms or 00:00:15 (see --help)")]
    [TestCase("--enable-migration", "maybe", "broker: Unrecognized command or argument 'maybe'. (see --help)")]
    [TestCase("--enable-migration=false", null, "broker run: kubeconfig /nonexistent/kubeconfig: file not found")]
    public async Task Run_MigrationOptions_BadValuesExitTwoWithOneLine(string option, string? value, string message)
    {
        string[] args = ["run", "--kubeconfig", "/nonexistent/kubeconfig", option, .. value is null ? Array.Empty<string>() : [value]];
        var (exitCode, stdout, stderr) = await BrokerProcess.RunAsync(args);

        exitCode.ShouldBe(2);
        stderr.TrimEnd().ShouldBe(message);
        stdout.ShouldBeEmpty();
    }

    [Test]
    public async Task Local_IssueDelayNotADuration_ExitsTwoWithOneLine()
    {
        var (exitCode, stdout, stderr) = await BrokerProcess.RunAsync("local", "--demo", "--issue-delay", "2x");

        exitCode.ShouldBe(2);
        stderr.TrimEnd().ShouldBe("broker: --issue-delay: '2x' is not a duration; write e.g. 15s, 1m30s, 500ms or 00:00:15 (see --help)");
        stdout.ShouldBeEmpty();
    }

    [Test]
    public async Task Run_LeaderElectionFlagsWithoutLeaderElect_AreNotChecked()
    {
        // Like kube-controller-manager: the lease settings matter only with --leader-elect; here the kubeconfig fails first.
        var (exitCode, _, stderr) = await BrokerProcess.RunAsync("run", "--kubeconfig", "/nonexistent/kubeconfig", "--leader-elect-renew-deadline", "1h");

        exitCode.ShouldBe(2);
        stderr.ShouldNotContain("renew deadline");
        stderr.ShouldContain("/nonexistent/kubeconfig");
    }

    [Test]
    public async Task Run_DeployManifestArguments_ParseAndValidate()
    {
        // deploy/broker.yaml's container args and variables, as the pod passes them; only the kubeconfig (a mounted Secret) is missing here.
        var manifest = await File.ReadAllLinesAsync(Path.Combine(RepositoryRoot.Path, "deploy/broker.yaml"));
        var args = manifest.SkipWhile(l => l.Trim() != "args:").Skip(1).TakeWhile(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal))
            .Select(l => l.Trim()[2..].Split('#')[0].Trim()).ToList();
        var env = manifest.SkipWhile(l => l.Trim() != "env:").Skip(1).TakeWhile(l => l.TrimStart().StartsWith("- {name: ", StringComparison.Ordinal))
            .Select(l => EnvEntry().Match(l)).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
        env["LEADER_ELECTION"].ShouldBe("true");

        var start = BrokerProcess.StartInfo(args);
        foreach (var (name, value) in env)
        {
            start.Environment[name] = value;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.ShouldBe(2);
        stderr.TrimEnd().ShouldBe("broker run: kubeconfig /etc/kcp/kubeconfig: file not found");
    }

    [System.Text.RegularExpressions.GeneratedRegex("""\{name: (?<name>[A-Z_]+), value: "(?<value>[^"]*)"\}""", System.Text.RegularExpressions.RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex EnvEntry();

    [Test]
    public async Task Local_MetricsAddressWithControlPlaneOnly_ExitsTwoWithOneLine()
    {
        var (exitCode, stdout, stderr) = await BrokerProcess.RunAsync("local", "--control-plane-only", "--metrics-address", "127.0.0.1:8080");

        exitCode.ShouldBe(2);
        stderr.TrimEnd().ShouldBe("broker local: --metrics-address serves the broker's metrics; it cannot be combined with --control-plane-only");
        stdout.ShouldBeEmpty();
    }

    [Test]
    public async Task Run_MetricsPortTaken_ExitsOneNamingTheEndpoints()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var address = $"127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        var kubeconfig = Path.GetTempFileName();
        try
        {
            // A kubeconfig that loads; the endpoints start before anything connects to it.
            await File.WriteAllTextAsync(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: kcp, cluster: {server: "https://127.0.0.1:1/clusters/root:platform"}}]
                users: [{name: admin, user: {token: t}}]
                contexts: [{name: kcp, context: {cluster: kcp, user: admin}}]
                current-context: kcp
                """);

            var (exitCode, _, stderr) = await BrokerProcess.RunAsync("run", "--kubeconfig", kubeconfig, "--metrics-address", address, "--health-address", address);

            exitCode.ShouldBe(1);
            stderr.TrimEnd().ShouldBe($"broker run: cannot serve /metrics, /healthz and /readyz: Failed to bind to address http://{address}: address already in use.");
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }
}
