using System.CommandLine;

namespace Broker.Cli;

/// <summary>The root of the <c>broker</c> command line; each subcommand lives in its own file.</summary>
internal static class BrokerCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Resource Broker: routes generic kcp APIs to one of many providers.");
        root.Subcommands.Add(LocalCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(RouteCommand.Create());
        root.Subcommands.Add(CelCommand.Create());
        return root;
    }
}
