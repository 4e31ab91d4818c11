using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Core.Routing;

namespace Broker.Cli.Route;

/// <summary>Renders an explanation as a kubectl-style table or as JSON.</summary>
internal static class RouteOutput
{
    // Relaxed escaping: the output is read by people and jq, not embedded in HTML.
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Table(RoutingExplanation explanation, RoutedObject routed)
    {
        var text = new StringBuilder();
        text.AppendLine($"Object:   {routed.Kind} {routed.Name} ({routed.Gvr}) from {routed.File}");
        text.AppendLine($"Decision: {Describe(explanation.Decision)}");
        text.AppendLine($"Summary:  {explanation.Summary}");
        text.AppendLine();

        var rows = new List<string[]> { new[] { "PROVIDER", "CLUSTER", "ACCEPTAPI", "PRIORITY", "MATCHED", "REASON" } };
        foreach (var verdict in explanation.Verdicts)
        {
            var chosen = explanation.Decision.Chosen?.Id == verdict.AcceptApi ? " *" : "";
            rows.Add([verdict.Provider, verdict.AcceptApi.ProviderCluster, Name(verdict.AcceptApi) + chosen, verdict.Priority.ToString(CultureInfo.InvariantCulture), verdict.Matched ? "yes" : "no", verdict.Reason]);
        }

        var widths = Enumerable.Range(0, rows[0].Length - 1).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            for (var c = 0; c < widths.Length; c++)
            {
                text.Append(row[c].PadRight(widths[c] + 3));
            }

            text.AppendLine(row[^1]);
        }

        return text.ToString();
    }

    public static string Json(RoutingExplanation explanation)
    {
        var chosen = explanation.Decision.Chosen;
        var json = new JsonObject
        {
            ["decision"] = new JsonObject
            {
                ["outcome"] = explanation.Decision.Outcome.ToString(),
                ["providerCluster"] = chosen?.Id.ProviderCluster,
                ["providerPath"] = chosen?.Provider.Path,
                ["acceptAPI"] = chosen is null ? null : Name(chosen.Id),
                ["apiExportName"] = chosen?.ApiExportName,
            },
            ["summary"] = explanation.Summary,
            ["verdicts"] = new JsonArray(explanation.Verdicts.Select(v => (JsonNode?)new JsonObject
            {
                ["providerCluster"] = v.AcceptApi.ProviderCluster,
                ["provider"] = v.Provider,
                ["acceptAPI"] = Name(v.AcceptApi),
                ["priority"] = v.Priority,
                ["matched"] = v.Matched,
                ["reason"] = v.Reason,
            }).ToArray()),
        };
        return json.ToJsonString(JsonOptions) + Environment.NewLine;
    }

    private static string Describe(RoutingDecision decision) => decision switch
    {
        { Outcome: RoutingOutcome.NoProvider } => "no provider accepts the object (a placed object stays where it is)",
        { Chosen: { } chosen } => $"{Verb(decision.Outcome)} {chosen.Provider.Path ?? chosen.Id.ProviderCluster} (cluster {chosen.Id.ProviderCluster}) by AcceptAPI {Name(chosen.Id)}, export {chosen.ApiExportName}",
        _ => decision.Outcome.ToString(),
    };

    private static string Verb(RoutingOutcome outcome) => outcome switch
    {
        RoutingOutcome.Place => "place on",
        RoutingOutcome.Stay => "stay on",
        RoutingOutcome.Move => "move to",
        _ => outcome.ToString(),
    };

    public static string Name(AcceptApiId id) => id.Namespace.Length == 0 ? id.Name : $"{id.Namespace}/{id.Name}";
}
