using System.Globalization;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Discovery;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Storage;
using Microsoft.AspNetCore.Http;

namespace Broker.LocalKcp.Api;

/// <summary>
/// Server-side printing (meta.k8s.io/v1 Table) for kubectl get: Name, the resource's printer columns
/// (additionalPrinterColumns of CRDs and schemas, kcp's columns for Workspaces), and Age; core Events, Secrets and
/// ConfigMaps get Kubernetes' own columns (<c>TableBuilder.Events.cs</c>, <c>TableBuilder.Core.cs</c>).
/// </summary>
public static partial class TableBuilder
{
    public static bool Wanted(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    public static JsonObject Build(ApiResource resource, IEnumerable<StoredObject> items, long? revision, HttpRequest request, DateTimeOffset now, bool withColumns = true)
    {
        var includeObject = request.Query["includeObject"].ToString();
        var columns = CoreColumns(resource) ?? Columns(resource);
        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = revision is { } rv ? new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture) } : new JsonObject(),
        };
        if (withColumns)
        {
            table["columnDefinitions"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Name == "Name" ? "name" : "",
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            })]);
        }

        var rows = new JsonArray();
        foreach (var item in items)
        {
            var value = ResourceService.FromStorage(resource, item.ToJsonObject());
            rows.Add(new JsonObject
            {
                ["cells"] = new JsonArray([.. columns.Select(c => Cell(value, c, now))]),
                ["object"] = includeObject == "Object" ? value : new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = value["metadata"]?.DeepClone(),
                },
            });
        }

        table["rows"] = rows;
        return table;
    }

    private static IReadOnlyList<Column> Columns(ApiResource resource)
    {
        var columns = new List<Column> { NameColumn };
        foreach (var column in resource.PrinterColumns?.OfType<JsonObject>() ?? [])
        {
            columns.Add(new Column(
                ObjectMeta.GetString(column, "name") ?? "",
                ObjectMeta.GetString(column, "type") ?? "string",
                ObjectMeta.GetString(column, "description") ?? "",
                column["priority"]?.GetValue<int>() ?? 0,
                ObjectMeta.GetString(column, "jsonPath") ?? ""));
        }

        if (!columns.Any(c => c.Name == "Age"))
        {
            columns.Add(AgeColumn);
        }

        return columns;
    }

    private static JsonNode? Cell(JsonObject value, Column column, DateTimeOffset now)
    {
        if (column.Compute is { } compute)
        {
            return compute(value, now);
        }

        var cell = SimpleJsonPath.Evaluate(value, column.JsonPath);
        if (column.Type == "date")
        {
            // Dates print as ages, computed by the server as in Kubernetes.
            return cell is JsonValue v && v.TryGetValue<string>(out var text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? HumanDuration.Format(now - time)
                : "<unknown>";
        }

        return cell?.DeepClone() ?? (column.Type is "integer" or "number" ? null : "");
    }

    private sealed record Column(string Name, string Type, string Description, int Priority, string JsonPath)
    {
        /// <summary>A cell that no JSONPath expresses (Kubernetes' built-in printers); wins over <see cref="JsonPath"/>.</summary>
        public Func<JsonObject, DateTimeOffset, JsonNode?>? Compute { get; init; }
    }
}
