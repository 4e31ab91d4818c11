using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Broker.Durability.Processes;

/// <summary>
/// Ends every child process the harness still has when the harness's own process ends without disposing them: a
/// return from Main that skipped a dispose, an unhandled exception, Ctrl-C, SIGTERM or SIGHUP. Process-wide by nature
/// (the exit hooks are), hence static. A SIGKILL of the harness itself leaves nothing to run.
/// </summary>
public static class ChildReaper
{
    private static readonly ConcurrentDictionary<Process, byte> Children = new();
    private static readonly PosixSignalRegistration[] Signals = Register();

    internal static void Track(Process child)
    {
        GC.KeepAlive(Signals);
        Children[child] = 0;
    }

    internal static void Forget(Process child) => Children.TryRemove(child, out _);

    /// <summary>SIGKILLs every tracked child (and its children) that is still running.</summary>
    public static void KillAll()
    {
        foreach (var child in Children.Keys)
        {
            try
            {
                if (!child.HasExited)
                {
                    child.Kill(entireProcessTree: true);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or Win32Exception)
            {
                // Exited meanwhile, or already disposed.
            }
        }
    }

    private static PosixSignalRegistration[] Register()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
        // The handlers do not cancel the signal: the process still ends as it would have.
        return [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, _ => KillAll()))];
    }
}
