namespace Broker.Durability.Processes;

/// <summary>
/// <c>broker run</c> against a kubeconfig in a process of its own, as a Deployment runs it, so that the harness can
/// kill it with SIGKILL at any instant. It serves /metrics on a free port of 127.0.0.1.
/// </summary>
public sealed class BrokerChild : IDisposable
{
    private readonly ChildProcess _process;

    private BrokerChild(string kubeconfig, string platformWorkspace, IEnumerable<string> extra)
    {
        MetricsPort = Testing.FreePort.Next();
        _process = new ChildProcess(
            Broker.E2E.Tests.BrokerProcess.StartInfo(
                ["run", "--kubeconfig", kubeconfig, "--platform-workspace", platformWorkspace, "--metrics-address", $"127.0.0.1:{MetricsPort}", "--health-address", "0", .. extra]),
            readyMarker: "Caches synced; brokering");
    }

    /// <summary>Where the broker serves /metrics on 127.0.0.1.</summary>
    public int MetricsPort { get; }

    /// <summary>The process id (for diagnostics tools such as dotnet-gcdump).</summary>
    public int ProcessId => _process.Id;

    public string Output => _process.Output;

    /// <summary>Starts the broker (with <paramref name="extra"/> options) and waits until its caches have synced and it brokers.</summary>
    public static async Task<BrokerChild> StartAsync(string kubeconfig, string platformWorkspace, IEnumerable<string> extra, CancellationToken cancellationToken)
    {
        var child = new BrokerChild(kubeconfig, platformWorkspace, extra);
        try
        {
            await child._process.WaitReadyAsync(TimeSpan.FromSeconds(90), cancellationToken);
            return child;
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: no drain, no shutdown code.</summary>
    public Task KillAsync() => _process.KillAsync();

    public void Dispose() => _process.Dispose();
}
