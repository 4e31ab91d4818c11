using System.CommandLine;

namespace Broker.Cli;

internal static class RouteCommand
{
    public static Command Create()
    {
        var command = new Command("route", "Run the router offline: which provider would serve an object, and why.");
        return command;
    }
}
