using System.Diagnostics;

namespace Broker.Benchmarks.Brokering;

/// <summary>Samples the process's CPU, the GC's pauses and a progress count at a fixed interval while a run goes on:
/// where a run is CPU-bound and where it waits.</summary>
internal sealed class CpuTimeline(TimeSpan interval, Func<int> progress) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _lines = [];
    private Task? _sampling;

    public void Start() => _sampling = SampleAsync(_stop.Token);

    public async Task<IReadOnlyList<string>> StopAsync()
    {
        await _stop.CancelAsync();
        if (_sampling is not null)
        {
            await _sampling;
        }

        return _lines;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var process = Process.GetCurrentProcess();
        using var timer = new PeriodicTimer(interval);
        var clock = Stopwatch.StartNew();
        var (cpu, pause) = (process.TotalProcessorTime, GC.GetTotalPauseDuration());
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                process.Refresh();
                var (nowCpu, nowPause) = (process.TotalProcessorTime, GC.GetTotalPauseDuration());
                _lines.Add($"  {clock.Elapsed.TotalSeconds,5:F2} s: {(nowCpu - cpu) / interval,4:F2} cores, GC paused {(nowPause - pause).TotalMilliseconds,4:F0} ms, done {progress(),5}");
                (cpu, pause) = (nowCpu, nowPause);
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }
}
