using System.CommandLine;

namespace Broker.Cli;

/// <summary><c>broker cel eval</c>: try a CEL expression against an object before using it in a migration.</summary>
internal static class CelCommand
{
    public static Command Create()
    {
        var command = new Command("cel", "Evaluate Common Expression Language (CEL) expressions.");
        return command;
    }
}
