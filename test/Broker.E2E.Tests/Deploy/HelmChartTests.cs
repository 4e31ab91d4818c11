using System.Diagnostics;
using System.Text;
using Broker.Testing;
using Broker.Testing.Tools;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Broker.E2E.Tests.Deploy;

/// <summary>
/// The Helm chart deploy/charts/resource-broker with the real helm: it lints, renders the committed golden manifests
/// (deploy/broker.yaml for the default values, golden/all-features.yaml with every optional part), and its schema refuses
/// bad values. <c>UPDATE_GOLDEN=1</c> rewrites the golden files instead of comparing (deploy/broker.yaml: hack/update-deploy.sh).
/// </summary>
public sealed class HelmChartTests
{
    private static readonly string Chart = RepositoryRoot.Combine("deploy", "charts", "resource-broker");
    private static readonly string AllFeatures = RepositoryRoot.Combine("test", "Broker.E2E.Tests", "Deploy", "golden", "all-features.values.yaml");

    [TestCase(null)]
    [TestCase("all-features")]
    public async Task Lint_Values_NoErrors(string? values)
    {
        var (exitCode, output) = await HelmAsync(["lint", Chart, .. values is null ? [] : (string[])["-f", AllFeatures]]);

        exitCode.ShouldBe(0, output);
        output.ShouldContain("1 chart(s) linted, 0 chart(s) failed");
    }

    [Test]
    public async Task Template_DefaultValues_IsDeployBrokerYaml()
    {
        var (exitCode, rendered) = await HelmAsync("template", "resource-broker", Chart, "--namespace", "resource-broker");
        exitCode.ShouldBe(0, rendered);

        var committed = await File.ReadAllTextAsync(RepositoryRoot.Combine("deploy", "broker.yaml"));
        var manifests = committed[committed.IndexOf("---\n", StringComparison.Ordinal)..];
        ShouldMatch(manifests, rendered, "deploy/broker.yaml is not the chart's default rendering; run hack/update-deploy.sh");
    }

    [Test]
    public async Task Template_AllFeatures_MatchesGolden()
    {
        var (exitCode, rendered) = await HelmAsync("template", "resource-broker", Chart, "--namespace", "resource-broker", "-f", AllFeatures);
        exitCode.ShouldBe(0, rendered);

        var golden = RepositoryRoot.Combine("test", "Broker.E2E.Tests", "Deploy", "golden", "all-features.yaml");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(golden, rendered);
        }

        ShouldMatch(await File.ReadAllTextAsync(golden), rendered, "golden/all-features.yaml differs from the rendering; rerun with UPDATE_GOLDEN=1 if the change is meant");
        foreach (var kind in (string[])["Secret", "Deployment", "Service", "ServiceMonitor", "PrometheusRule", "ConfigMap", "PodDisruptionBudget"])
        {
            rendered.ShouldContain($"\nkind: {kind}\n");
        }

        foreach (var variable in (string[])["ENABLE_MIGRATION", "RECONCILE_INTERVAL", "KUBE_API_QPS", "KUBE_API_BURST", "LEADER_ELECTION", "METRICS_ADDR", "HEALTH_PROBE_ADDR", "LOG_LEVEL", "LOG_FORMAT", "OTEL_EXPORTER_OTLP_ENDPOINT"])
        {
            rendered.ShouldContain($"{{name: {variable}, value: ");
        }
    }

    [TestCase("logLevel=verbose", "value must be one of 'debug', 'info', 'warn', 'error'")]
    [TestCase("reconcileInterval=soon", "/reconcileInterval")]
    [TestCase("metricsPort=0", "/metricsPort")]
    [TestCase("kubeApiBurst=-1", "/kubeApiBurst")]
    [TestCase("replicas=2", "additional properties 'replicas' not allowed")]
    public async Task Template_BadValue_RefusedBySchema(string set, string message)
    {
        var (exitCode, output) = await HelmAsync("template", "resource-broker", Chart, "--set", set);

        exitCode.ShouldNotBe(0);
        output.ShouldContain(message);
    }

    private static void ShouldMatch(string expected, string actual, string what)
    {
        var diff = new InlineDiffBuilder(new Differ()).BuildDiffModel(expected, actual);
        var changed = diff.Lines.Where(l => l.Type != ChangeType.Unchanged).Take(40).ToList();
        if (changed.Count > 0)
        {
            Assert.Fail($"{what} (- committed, + rendered)\n" + string.Join('\n', changed.Select(l => (l.Type == ChangeType.Inserted ? "+ " : "- ") + l.Text)));
        }
    }

    private static async Task<(int ExitCode, string Output)> HelmAsync(params string[] args)
    {
        var helm = ToolPath.Find("helm", "HELM") ?? throw new InvalidOperationException("helm not found: set $HELM or run hack/ensure-tools.sh");
        var start = new ProcessStartInfo(helm, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        start.Environment["HELM_CACHE_HOME"] = Path.Combine(Path.GetTempPath(), "broker-tests-helm"); // nothing written to $HOME
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, new StringBuilder(await output).Append(await error).ToString());
    }
}
