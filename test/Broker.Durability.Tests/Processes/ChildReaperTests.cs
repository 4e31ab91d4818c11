using System.Diagnostics;
using Broker.Durability.Processes;
using Broker.Testing;

namespace Broker.Durability.Tests.Processes;

/// <summary>A harness that ends without disposing its children (Ctrl-C, SIGTERM, an unhandled exception) still ends them.</summary>
[NonParallelizable]
public sealed class ChildReaperTests
{
    [Test]
    public async Task KillAll_AsTheHarnessExitHooksRunIt_EndsTheLocalKcpItStarted()
    {
        var directory = Path.Combine(Path.GetTempPath(), "reaper-" + Guid.NewGuid().ToString("N")[..12]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            using var kcp = await LocalKcpProcess.StartAsync(directory, FreePort.Next(), timeout.Token);
            using var child = Process.GetProcessById(kcp.ProcessId);

            ChildReaper.KillAll(); // what ProcessExit, UnhandledException, SIGINT, SIGTERM and SIGHUP run

            var exited = child.WaitForExitAsync(timeout.Token);
            (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(20), timeout.Token))).ShouldBe(exited, "LocalKcp still runs 20 s after KillAll");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
