using System.CommandLine;

namespace Broker.Cli;

/// <summary>The root of the <c>broker</c> command line; each subcommand lives in its own file.</summary>
internal static class BrokerCommand
{
    /// <summary>The command line, its options reading variables through <paramref name="options"/>.</summary>
    public static RootCommand Create(OptionFactory options)
    {
        var root = new RootCommand("Resource Broker: routes generic kcp APIs to one of many providers.");
        root.Subcommands.Add(LocalCommand.Create(options));
        root.Subcommands.Add(RunCommand.Create(options));
        root.Subcommands.Add(RouteCommand.Create());
        root.Subcommands.Add(CelCommand.Create());
        return root;
    }
}
