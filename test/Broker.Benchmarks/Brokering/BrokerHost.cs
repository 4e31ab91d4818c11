using System.Diagnostics;
using System.Globalization;
using System.Diagnostics.Metrics;
using Broker.Controllers;
using Broker.Controllers.Hosting;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Microsoft.Extensions.Logging;

namespace Broker.Benchmarks.Brokering;

/// <summary>
/// The broker under test: in the benchmark's process, or in a child process of its own (this assembly's
/// <c>broker-process</c> verb), so that its CPU is measured apart from LocalKcp's, the issuers' and the client's.
/// The child ends when its standard input closes, so it never outlives the benchmark.
/// </summary>
internal sealed class BrokerHost : IAsyncDisposable
{
    private const string ReadyLine = "ready";
    private const string JitRequest = "jit";

    private readonly Process? _child;
    private readonly CancellationTokenSource? _stop;
    private readonly Task? _running;

    private BrokerHost(Process child) => _child = child;

    private BrokerHost(CancellationTokenSource stop, Task running) => (_stop, _running) = (stop, running);

    /// <summary>CPU the broker's own process used so far; null when it shares the benchmark's.</summary>
    public TimeSpan? ProcessorTime
    {
        get
        {
            _child?.Refresh();
            return _child?.TotalProcessorTime;
        }
    }

    /// <summary>Methods the JIT compiled and its time in the broker's own process; zero when it shares the benchmark's
    /// (whose <see cref="System.Runtime.JitInfo"/> then counts them).</summary>
    public async Task<(long Compiled, TimeSpan Time)> JitAsync()
    {
        if (_child is null)
        {
            return (0, TimeSpan.Zero);
        }

        await _child.StandardInput.WriteLineAsync(JitRequest);
        await _child.StandardInput.FlushAsync();
        var answer = (await _child.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the broker process ended")).Split(' ');
        return (long.Parse(answer[0], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromTicks(long.Parse(answer[1], System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The broker's own process answering a request line (<see cref="RunChildAsync"/> lists them); null when it shares the benchmark's.</summary>
    public async Task<string?> AskAsync(string request)
    {
        if (_child is null)
        {
            return null;
        }

        await _child.StandardInput.WriteLineAsync(request);
        await _child.StandardInput.FlushAsync();
        return await _child.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the broker process ended");
    }

    /// <summary>The broker's own process id; null when it shares the benchmark's.</summary>
    public int? ProcessId => _child?.Id;

    /// <summary>The broker's own process's working set in bytes; null when it shares the benchmark's.</summary>
    public long? WorkingSet
    {
        get
        {
            _child?.Refresh();
            return _child?.WorkingSet64;
        }
    }

    /// <param name="rateLimit">The broker's client-side rate limit (<c>--kube-api-qps</c>/<c>--kube-api-burst</c>); null: none.</param>
    public static async Task<BrokerHost> StartAsync(
        KcpClient client, BrokerOptions options, string kubeconfigPath, ILoggerFactory logs, Meter meter, bool ownProcess, ClientRateLimit? rateLimit = null)
    {
        if (!ownProcess)
        {
            if (rateLimit is not null)
            {
                throw new ArgumentException("a rate limit needs the broker in its own process (its own client)", nameof(rateLimit));
            }

            var broker = new BrokerService(client, options, TimeProvider.System, logs, meter);
            var stop = new CancellationTokenSource();
            var running = Task.Run(() => broker.RunAsync(stop.Token));
            while (!broker.IsReady && !running.IsCompleted)
            {
                await Task.Delay(20);
            }

            await (running.IsCompleted ? running : Task.CompletedTask); // a broker that failed to start says why
            return new BrokerHost(stop, running);
        }

        var start = ChildStart(["broker-process", kubeconfigPath, options.PlatformWorkspace.ToString(),
            .. rateLimit is { } limit ? (string[])[limit.Qps.ToString(CultureInfo.InvariantCulture), limit.Burst.ToString(CultureInfo.InvariantCulture)] : []]);

        var child = Process.Start(start) ?? throw new InvalidOperationException("the broker process did not start");
        if (await child.StandardOutput.ReadLineAsync() != ReadyLine)
        {
            throw new InvalidOperationException($"the broker process ended before it was ready (exit code {(child.HasExited ? child.ExitCode : -1)})");
        }

        return new BrokerHost(child);
    }

    /// <summary>
    /// This program again with <paramref name="arguments"/>: under the <c>dotnet</c> muxer (<c>dotnet Broker.Benchmarks.dll</c>)
    /// the assembly path goes first; under the app host (<c>dotnet run</c>, or the executable itself) it must not, or the
    /// child would take the path for its verb.
    /// </summary>
    private static ProcessStartInfo ChildStart(IEnumerable<string> arguments)
    {
        var processPath = Environment.ProcessPath!;
        var start = new ProcessStartInfo(processPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(BrokerHost).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>The child's side: a broker with the default options against the kubeconfig's server (args: kubeconfig, platform
    /// workspace, then optionally qps and burst of a client-side rate limit), until stdin closes. Each request line is answered
    /// with one line: <c>jit</c> the methods compiled and the JIT's time in ticks; <c>watches</c> the open watch streams and
    /// <c>resource=count</c> pairs; <c>heap</c> the managed heap after a full collection, in bytes; <c>allocated</c> the bytes allocated so far; <c>sample-allocations</c> starts sampling allocations by type, <c>allocations</c>
    /// answers the largest (<c>bytes type</c>, tab-separated); <c>sample-jit</c> starts counting the methods the JIT compiles,
    /// <c>jitted</c> answers the counts by tier and namespace (<c>count name</c>, tab-separated); <c>track</c> starts
    /// counting the distinct objects the placement controller reconciles (answer <c>ok</c>); <c>tracked</c> their count;
    /// <c>passes</c> the reconcile passes so far by work queue (<see cref="QueuePasses"/>); <c>requests</c> its HTTP requests so far
    /// by method.</summary>
    public static async Task RunChildAsync(string[] args)
    {
        var limit = args.Length > 3
            ? new ClientRateLimit(double.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture))
            : null;
        using var client = new KcpClient(KubeconfigLoader.Load([args[0]]), new KcpClientOptions { RateLimit = limit });
        // Logs go to stderr, which the child shares with the benchmark: its stdout is read only up to the ready line.
        using var logs = LoggerFactory.Create(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Error));
        using var meter = new Meter("bench-broker");
        using var stop = new CancellationTokenSource();
        var broker = new BrokerService(client, new BrokerOptions { PlatformWorkspace = ClusterPath.Parse(args[1]) }, TimeProvider.System, logs, meter);
        var running = Task.Run(() => broker.RunAsync(stop.Token));
        while (!broker.IsReady && !running.IsCompleted)
        {
            await Task.Delay(20);
        }

        Console.WriteLine(ReadyLine);
        using var reconciled = new ReconciledObjects();
        using var allocations = new AllocationSampler();
        using var jit = new JitSampler();
        using var passes = new QueuePasses();
        using var requests = QueuePasses.Requests();
        var answering = AnswerAsync(client, reconciled, allocations, jit, passes, requests);
        await Task.WhenAny(running, answering);
        foreach (var (what, task) in new[] { ("the broker", running), ("answering", answering) })
        {
            if (task.IsCompleted && (task.Status != TaskStatus.RanToCompletion || what == "the broker"))
            {
                // The benchmark then reports the process gone; this says why.
                await Console.Error.WriteLineAsync($"broker-process: {what} ended ({task.Status}): {task.Exception?.GetBaseException().ToString() ?? "no exception"}");
            }
        }

        await stop.CancelAsync();
        await running.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static async Task AnswerAsync(KcpClient client, ReconciledObjects reconciled, AllocationSampler allocations, JitSampler jit, QueuePasses passes, QueuePasses requests)
    {
        while (await Console.In.ReadLineAsync() is { } line)
        {
            Console.WriteLine(line switch
            {
                JitRequest => FormattableString.Invariant($"{System.Runtime.JitInfo.GetCompiledMethodCount()} {System.Runtime.JitInfo.GetCompilationTime().Ticks}"),
                "watches" => $"{client.Telemetry.OpenWatchCount} {string.Join(',', client.Telemetry.OpenWatches.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}={w.Value}"))}",
                "heap" => GC.GetTotalMemory(forceFullCollection: true).ToString(CultureInfo.InvariantCulture),
                "allocated" => GC.GetTotalAllocatedBytes(precise: true).ToString(CultureInfo.InvariantCulture),
                "gc" => BrokerGc.Now().ToAnswer(),
                "sample-allocations" => Started(allocations),
                "allocations" => string.Join('\t', allocations.Top(40).Select(t => FormattableString.Invariant($"{t.Total} {t.Name}"))),
                "sample-jit" => Started(jit),
                "jitted" => string.Join('\t', jit.Top(40).Select(t => FormattableString.Invariant($"{t.Total} {t.Name}"))),
                "track" => reconciled.Start(),
                "tracked" => reconciled.Count.ToString(CultureInfo.InvariantCulture),
                "passes" => passes.Answer(),
                "requests" => requests.Answer(),
                _ => $"unknown request '{line}'",
            });
        }
    }

    private static string Started(RuntimeEventSampler sampler)
    {
        sampler.Start();
        return bool.TrueString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_child is not null)
        {
            _child.StandardInput.Close();
            await _child.WaitForExitAsync();
            _child.Dispose();
            return;
        }

        await _stop!.CancelAsync();
        await _running!.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
