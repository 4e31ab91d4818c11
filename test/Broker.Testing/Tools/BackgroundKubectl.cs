using System.Diagnostics;
using System.Threading.Channels;

namespace Broker.Testing.Tools;

/// <summary>A kubectl process left running (e.g. get -w); its stdout lines arrive in order.</summary>
public sealed class BackgroundKubectl : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly Task _pump;

    public BackgroundKubectl(Process process)
    {
        _process = process;
        _pump = PumpAsync();
    }

    /// <summary>Waits until a line containing every fragment arrives.</summary>
    public async Task<string> WaitForLineAsync(params string[] fragments)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var line = await _lines.Reader.ReadAsync(timeout.Token);
            if (fragments.All(f => line.Contains(f, StringComparison.Ordinal)))
            {
                return line;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        await _pump;
        _process.Dispose();
    }

    private async Task PumpAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            await _lines.Writer.WriteAsync(line);
        }

        _lines.Writer.TryComplete();
    }
}
