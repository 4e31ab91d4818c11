using System.Diagnostics;
using System.Text;

namespace Broker.Durability.Processes;

/// <summary>
/// <c>broker run</c> against a kubeconfig in a process of its own, as a Deployment runs it, so that the harness can
/// kill it with SIGKILL at any instant. Its output is kept for the report of a failed kill point.
/// </summary>
public sealed class BrokerChild : IDisposable
{
    private const string ReadyLine = "Caches synced; brokering";
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BrokerChild(string kubeconfig, string platformWorkspace)
    {
        MetricsPort = Testing.FreePort.Next();
        _process = new Process
        {
            StartInfo = Broker.E2E.Tests.BrokerProcess.StartInfo(
                "run", "--kubeconfig", kubeconfig, "--platform-workspace", platformWorkspace, "--metrics-address", $"127.0.0.1:{MetricsPort}", "--health-address", "0"),
            EnableRaisingEvents = true,
        };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"broker run exited ({_process.ExitCode}):\n{Output}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Where the broker serves /metrics on 127.0.0.1.</summary>
    public int MetricsPort { get; }

    public int ProcessId => _process.Id;

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

    /// <summary>Starts the broker and waits until its caches have synced and it brokers.</summary>
    public static async Task<BrokerChild> StartAsync(string kubeconfig, string platformWorkspace, CancellationToken cancellationToken)
    {
        var child = new BrokerChild(kubeconfig, platformWorkspace);
        try
        {
            await child._ready.Task.WaitAsync(TimeSpan.FromSeconds(90), cancellationToken);
            return child;
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: no drain, no shutdown code, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains(ReadyLine, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }
}
