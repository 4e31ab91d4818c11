using System.CommandLine;
using Broker.Cli.Route;
using Broker.Core.Routing;

namespace Broker.Cli;

/// <summary><c>broker route</c>: the router offline, as a dry run: the decision and every verdict behind it.</summary>
internal static class RouteCommand
{
    public static Command Create()
    {
        var acceptApis = new Option<string[]>("--acceptapis")
        {
            Description = "AcceptAPI YAML or JSON files, or folders of them (multi-document files allowed); the provider cluster is each AcceptAPI's kcp.io/cluster annotation",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var obj = new Option<string>("--object") { Description = "The brokered object to route (YAML or JSON)", Required = true };
        var current = new Option<string?>("--current-provider") { Description = "Logical cluster of the provider the object is placed on now (tests stickiness)" };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Output format: table, json, or yaml (the provider object the broker would create, translated when the AcceptAPI translates)",
            DefaultValueFactory = _ => "table",
        };
        output.AcceptOnlyFromAmong("table", "json", "yaml");
        var acceptApi = new Option<string?>("--acceptapi") { Description = "With -o yaml: the provider object for this AcceptAPI ([namespace/]name) instead of the chosen one, matched or not" };

        var command = new Command("route", "Run the router offline: which provider would serve an object, and why.")
        {
            acceptApis, obj, current, output, acceptApi,
        };
        command.SetAction(parseResult =>
        {
            try
            {
                var index = RouteInputs.LoadAcceptApis(parseResult.GetRequiredValue(acceptApis));
                var routed = RouteInputs.LoadObject(parseResult.GetRequiredValue(obj));
                var currentProvider = parseResult.GetValue(current);
                var request = new RoutingRequest(
                    routed.ConsumerCluster,
                    routed.Gvr,
                    routed.Document.RootElement,
                    currentProvider is null ? null : new CurrentPlacement(currentProvider));
                var explanation = new Router(index).Explain(request, includeOtherGvrs: true);
                Console.Out.Write(parseResult.GetValue(output) switch
                {
                    "json" => RouteOutput.Json(explanation),
                    "yaml" => ProviderObjectOutput.Yaml(explanation, routed, ProviderObjectOutput.Pick(index, explanation, parseResult.GetValue(acceptApi))),
                    _ => RouteOutput.Table(explanation, routed),
                });
                return 0;
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine($"broker route: {e.Message}");
                return UsageException.ExitCode;
            }
        });
        return command;
    }
}
