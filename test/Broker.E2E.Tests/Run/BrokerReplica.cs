using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Broker.Testing;
using Broker.Testing.Metrics;

namespace Broker.E2E.Tests.Run;

/// <summary>One <c>broker run</c> process with its own /metrics and probe port on 127.0.0.1, its output kept for asserts.</summary>
internal sealed class BrokerReplica : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BrokerReplica(string name, IEnumerable<string> args)
    {
        Name = name;
        Port = FreePort.Next();
        var start = BrokerProcess.StartInfo(["run", .. args, "--metrics-address", $"127.0.0.1:{Port}", "--health-address", $"127.0.0.1:{Port}"]);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Port { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static BrokerReplica Start(string name, params string[] args) => new(name, args);

    /// <summary>The <c>resource_broker_leader</c> gauge from /metrics, or null while the endpoint does not answer.</summary>
    public async Task<int?> LeaderGaugeAsync() => (int?)await GaugeAsync("resource_broker_leader");

    /// <summary>A gauge from /metrics (parsed strictly), or null while the endpoint does not answer or has no such sample.</summary>
    public async Task<double?> GaugeAsync(string name)
    {
        try
        {
            return PrometheusText.Parse(await Http.GetStringAsync(new Uri($"http://127.0.0.1:{Port}/metrics"))).Value(name);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public async Task<(HttpStatusCode Status, string Body)> ProbeAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{Port}{path}"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Terminate() => Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]).WaitForExit();

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(limit.Token);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    public override string ToString() => $"--- {Name} ---\n{Output}";

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
