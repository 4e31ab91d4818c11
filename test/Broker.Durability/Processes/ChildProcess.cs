using System.Diagnostics;
using System.Text;

namespace Broker.Durability.Processes;

/// <summary>
/// A process the harness starts and may SIGKILL at any instant: its output kept (for reports), <see cref="Ready"/>
/// completing when a line contains the ready marker, failing if the process exits first.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _readyMarker;

    public ChildProcess(ProcessStartInfo start, string readyMarker)
    {
        _readyMarker = readyMarker;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"broker {start.ArgumentList.ElementAtOrDefault(1)} exited ({_process.ExitCode}):\n{Output}"));
        _process.Start();
        ChildReaper.Track(_process);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

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

    /// <summary>Waits for the ready marker (at most <paramref name="timeout"/>).</summary>
    public Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken) => _ready.Task.WaitAsync(timeout, cancellationToken);

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or an OOM kill.</summary>
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

        ChildReaper.Forget(_process);
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

        if (line.Contains(_readyMarker, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }
}
