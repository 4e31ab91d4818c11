using System.CommandLine;

namespace Broker.Cli;

/// <summary><c>broker local</c>: LocalKcp, the embedded kcp-compatible control plane (and, later, the broker and demo).</summary>
internal static class LocalCommand
{
    public static Command Create()
    {
        var command = new Command("local", "Start LocalKcp, an embedded kcp-compatible control plane, on 127.0.0.1.");
        return command;
    }
}
