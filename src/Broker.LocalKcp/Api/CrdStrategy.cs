using System.Text.Json.Nodes;
using Broker.LocalKcp.Json;

namespace Broker.LocalKcp.Api;

/// <summary>CustomResourceDefinitions are established at once: accepted names, Established and NamesAccepted conditions.</summary>
internal sealed class CrdStrategy : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Resource.Group != "apiextensions.k8s.io" || request.Operation == AdmissionOperation.Delete)
        {
            return;
        }

        var spec = request.Object["spec"] as JsonObject;
        var group = ObjectMeta.GetString(spec, "group") ?? "";
        var plural = ObjectMeta.GetString(spec, "names", "plural") ?? "";
        if (ObjectMeta.Name(request.Object) != $"{plural}.{group}")
        {
            throw StatusException.Invalid("CustomResourceDefinition", ObjectMeta.Name(request.Object), "apiextensions.k8s.io",
                [new("FieldValueInvalid", $"must be spec.names.plural+\".\"+spec.group", "metadata.name")]);
        }

        var now = request.Object["metadata"]?["creationTimestamp"]?.DeepClone();
        var storedVersions = new JsonArray([.. (spec?["versions"] as JsonArray ?? [])
            .Where(v => v?["storage"]?.GetValue<bool>() == true)
            .Select(v => (JsonNode?)JsonValue.Create(ObjectMeta.GetString(v, "name")))]);
        request.Object["status"] = new JsonObject
        {
            ["acceptedNames"] = spec?["names"]?.DeepClone(),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now?.DeepClone())),
            ["storedVersions"] = storedVersions,
        };
    }

    private static JsonObject Condition(string type, string reason, string message, JsonNode? time) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = time,
        ["reason"] = reason,
        ["message"] = message,
    };
}
