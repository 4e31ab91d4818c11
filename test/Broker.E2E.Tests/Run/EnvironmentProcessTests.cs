using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Broker.Testing;
using Broker.Testing.Metrics;

namespace Broker.E2E.Tests.Run;

/// <summary>The variables as a container sets them, read by the real process: exit 2 and one line for a malformed one,
/// and a broker configured by variables alone (JSON logs, metrics address).</summary>
public sealed class EnvironmentProcessTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [TestCase("run", "RECONCILE_INTERVAL", "soon", "broker: RECONCILE_INTERVAL: 'soon' is not a duration; write e.g. 15s, 1m30s, 500ms or 00:00:15 (see --help)")]
    [TestCase("local", "LOG_FORMAT", "xml", "broker: LOG_FORMAT: 'xml' is not one of text, json (see --help)")]
    public async Task MalformedVariable_ExitsTwoWithOneLineNamingIt(string command, string variable, string value, string message)
    {
        var start = BrokerProcess.StartInfo(command == "run" ? ["run", "--kubeconfig", "/nonexistent/kubeconfig"] : ["local", "--port", "0"]);
        start.Environment[variable] = value;
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.ShouldBe(2);
        stderr.TrimEnd().ShouldBe(message);
        stdout.ShouldBeEmpty();
    }

    [Test]
    public async Task Local_ConfiguredByVariables_JsonLogsAndMetricsWhereTheySay()
    {
        var dir = Directory.CreateTempSubdirectory("broker-env-").FullName;
        var metricsPort = FreePort.Next();
        var start = BrokerProcess.StartInfo("local", "--port", "0", "--dir", dir);
        start.Environment["LOG_FORMAT"] = "json";
        start.Environment["METRICS_ADDR"] = $"127.0.0.1:{metricsPort}";
        var lines = new List<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            lock (lines)
            {
                lines.Add(e.Data ?? "");
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        try
        {
            var synced = await Eventually.GetAsync("a JSON log line saying the caches synced", () => Task.FromResult(Logged(lines).FirstOrDefault(l => ((string?)l["msg"])?.StartsWith("Caches synced", StringComparison.Ordinal) == true)), TimeSpan.FromSeconds(60));
            ((string?)synced["level"]).ShouldBe("info");
            ((string?)synced["logger"]).ShouldBe("Broker.Controllers.Hosting.BrokerService");
            DateTimeOffset.Parse((string)synced["ts"]!, CultureInfo.InvariantCulture).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-2));

            var scrape = PrometheusText.Parse(await Http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics")));
            scrape.Families.Keys.ShouldContain("resource_broker_reconcile_errors_total");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    // The broker's log lines among the banner lines LocalKcp prints first.
    private static List<JsonObject> Logged(List<string> lines)
    {
        lock (lines)
        {
            return [.. lines.Where(l => l.StartsWith('{')).Select(l => JsonNode.Parse(l)!.AsObject())];
        }
    }
}
