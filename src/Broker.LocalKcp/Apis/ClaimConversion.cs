using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Apis;

/// <summary>Permission claims between v1alpha1 ({all, resourceSelector}) and v1alpha2 ({verbs, selector}).</summary>
internal static class ClaimConversion
{
    public static void ToV1Alpha2(JsonArray? claims, bool withSelector)
    {
        foreach (var claim in claims?.OfType<JsonObject>() ?? [])
        {
            claim.Remove("all");
            claim.Remove("resourceSelector");
            claim["verbs"] ??= new JsonArray("*");
            if (withSelector)
            {
                claim["selector"] ??= new JsonObject { ["matchAll"] = true };
            }
        }
    }

    public static void ToV1Alpha1(JsonArray? claims)
    {
        foreach (var claim in claims?.OfType<JsonObject>() ?? [])
        {
            claim.Remove("verbs");
            claim.Remove("selector");
            claim["all"] = true;
        }
    }
}
