using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Broker.Testing;
using Broker.Testing.Metrics;
using Broker.E2E.Tests.Metrics;
using Broker.Testing.Tools;

namespace Broker.E2E.Tests.Demo;

/// <summary>
/// The README's first command as a user runs it: <c>broker local --demo</c> as a process, driven with the
/// real kubectl through the walkthrough of examples/kcp-certs/README.md.
/// </summary>
[NonParallelizable]
public sealed class DemoCommandTests
{
    private string _dir = "";
    private Process? _broker;
    private Kubectl _kubectl = null!;
    private readonly StringBuilder _output = new();
    private readonly int _metricsPort = FreePort.Next();
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Directory.CreateTempSubdirectory("broker-demo-").FullName;
        var executable = Kubectl.Find() ?? throw new InvalidOperationException("kubectl not found: set $KUBECTL or run hack/ensure-tools.sh");
        _kubectl = new Kubectl(executable, Path.Combine(_dir, "admin.kubeconfig"), Path.Combine(_dir, "kubectl-cache"));
    }

    [TearDown]
    public void StopBroker()
    {
        if (_broker is { HasExited: false })
        {
            _broker.Kill(entireProcessTree: true);
        }

        _broker?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task LocalDemo_Walkthrough_CertificateIssuedMovedAndDeleted()
    {
        await StartDemoAsync();

        (await _kubectl.OkAsync("--context", "internal-ca", "get", "acceptapis")).ShouldContain("internal-certificates");
        await _kubectl.OkAsync("--context", "consumer", "apply", "-f", Path.Combine(RepositoryRoot.Path, "examples/kcp-certs/certificate.yaml"));
        (await EventuallyIssuerAsync()).ShouldBe("CN=internal-ca");
        var secret = await _kubectl.OkAsync("--context", "consumer", "get", "secret", "app");
        secret.ShouldStartWith("NAME   TYPE                DATA   AGE");
        secret.ShouldContain("app    kubernetes.io/tls   3");
        var placements = await _kubectl.OkAsync("--context", "platform", "get", "placements", "-o", "wide");
        placements.ShouldContain("ACCEPTAPI");
        placements.ShouldContain("internal-certificates");
        placements.ShouldContain("root:platform:staging-");
        await MetricEventuallyAsync("resource_broker_placements", Certificates, ("provider", "root:providers:internal-ca"), ("phase", "Placed"));
        await MetricEventuallyAsync("resource_broker_placement_duration_seconds_count", Certificates, ("provider", "root:providers:internal-ca"));

        await _kubectl.OkAsync("--context", "consumer", "patch", "certificate", "app", "--type", "merge", "-p", "{\"spec\":{\"fqdn\":\"app.corp.com\"}}");
        (await EventuallyIssuerAsync("CN=external-ca")).ShouldBe("CN=external-ca");
        (await _kubectl.OkAsync("--context", "consumer", "get", "certificate", "app", "-o", "jsonpath={.status.conditions[?(@.type==\"Placed\")].message}"))
            .ShouldBe("placed on root:providers:external-ca by AcceptAPI default/external-certificates");
        (await EventuallyEventsAsync("CutoverCompleted")).ShouldContain("moved from root:providers:internal-ca to root:providers:external-ca");
        await MetricEventuallyAsync("resource_broker_moves_total", ("result", "completed"), ("from", "root:providers:internal-ca"), ("to", "root:providers:external-ca"));
        DocumentedMetrics.ShouldAllBePresentIn(await ScrapeAsync());
        // kubectl describe finds the object's Events by field selector (involvedObject.*), and shows its conditions.
        var described = await _kubectl.OkAsync("--context", "consumer", "describe", "certificate", "app");
        described.ShouldContain("CutoverCompleted");
        described.ShouldContain("resource-broker");
        described.ShouldNotContain("Events:  <none>");

        await _kubectl.OkAsync("--context", "consumer", "delete", "certificate", "app", "--timeout=30s");
        (await _kubectl.OkAsync("--context", "consumer", "get", "secrets", "-o", "name")).ShouldNotContain("secret/app");

        // SIGTERM drains and exits 0 (design §6).
        Process.Start("kill", ["-TERM", _broker!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
        await _broker.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        _broker.ExitCode.ShouldBe(0, _output.ToString());
    }

    private async Task StartDemoAsync()
    {
        var start = BrokerProcess.StartInfo("local", "--demo", "--issue-delay", "00:00:00.500", "--port", "0", "--dir", _dir, "--metrics-address", $"127.0.0.1:{_metricsPort}");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _broker = new Process { StartInfo = start };
        _broker.OutputDataReceived += (_, e) =>
        {
            lock (_output)
            {
                _output.AppendLine(e.Data);
            }

            if (e.Data?.Contains("The kcp-certs demo is running", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        _broker.ErrorDataReceived += (_, e) =>
        {
            lock (_output)
            {
                _output.AppendLine(e.Data);
            }
        };
        _broker.Start();
        _broker.BeginOutputReadLine();
        _broker.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
    }

    private async Task<string> EventuallyIssuerAsync(string? expected = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? issuer = null;
        while (DateTime.UtcNow < deadline)
        {
            // Fails until the Secret exists.
            var secret = await _kubectl.RunAsync("--context", "consumer", "get", "secret", "app", "-o", "jsonpath={.data.tls\\.crt}");
            if (secret is { ExitCode: 0, Output.Length: > 0 })
            {
                using var certificate = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(Convert.FromBase64String(secret.Output)));
                issuer = certificate.Issuer;
                if (expected is null || issuer == expected)
                {
                    return issuer;
                }
            }

            await Task.Delay(200);
        }

        Assert.Fail($"No Secret app issued by {expected ?? "anyone"} (last issuer {issuer}); broker output:\n{_output}");
        return "";
    }

    private static readonly (string, string) Certificates = ("resource", "certificates.example.platform-mesh.io");

    // The demo's /metrics (--metrics-address), parsed strictly and polled until the series is 1: the Placement gauge
    // follows the broker's writes a moment later.
    private Task MetricEventuallyAsync(string name, params (string, string)[] labels) =>
        Eventually.UntilAsync($"{name} 1 with {string.Join(", ", labels)}", async () => (await ScrapeAsync()).Value(name, labels) == 1);

    private async Task<PrometheusScrape> ScrapeAsync() =>
        PrometheusText.Parse(await Http.GetStringAsync(new Uri($"http://127.0.0.1:{_metricsPort}/metrics")));

    // Events are written in the background, a moment after the change they report.
    private async Task<string> EventuallyEventsAsync(string reason)
    {
        var events = "";
        for (var attempt = 0; attempt < 50 && !events.Contains(reason, StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 100);
            events = await _kubectl.OkAsync("--context", "consumer", "get", "events");
        }

        return events;
    }
}
