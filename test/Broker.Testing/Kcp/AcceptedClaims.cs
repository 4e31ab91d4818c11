using System.Text.Json.Nodes;

namespace Broker.Testing.Kcp;

/// <summary>An APIBinding's <c>spec.permissionClaims</c> accepting the export's claims on core resources, as
/// <c>kubectl kcp bind apiexport ... --accept-permission-claim secrets.core</c> writes them (all verbs, all objects).</summary>
public static class AcceptedClaims
{
    public static JsonArray Core(params string[] resources) => new([.. resources.Select(Claim)]);

    private static JsonObject Claim(string resource) => new()
    {
        ["group"] = "",
        ["resource"] = resource,
        ["verbs"] = new JsonArray("*"),
        ["selector"] = new JsonObject { ["matchAll"] = true },
        ["state"] = "Accepted",
    };
}
