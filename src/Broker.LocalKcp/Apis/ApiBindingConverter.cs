using System.Text.Json.Nodes;
using Broker.LocalKcp.Discovery;

namespace Broker.LocalKcp.Apis;

/// <summary>APIBinding v1alpha1 (claims with all/resourceSelector) to and from v1alpha2 (claims with verbs and selector).</summary>
public sealed class ApiBindingConverter : IVersionConverter
{
    public JsonObject ToStorage(JsonObject value, string fromVersion)
    {
        value["apiVersion"] = $"{KcpGroups.Apis}/v1alpha2";
        if (fromVersion == "v1alpha1")
        {
            ClaimConversion.ToV1Alpha2(value["spec"]?["permissionClaims"] as JsonArray, withSelector: true);
        }

        return value;
    }

    public JsonObject FromStorage(JsonObject value, string toVersion)
    {
        value["apiVersion"] = $"{KcpGroups.Apis}/{toVersion}";
        if (toVersion == "v1alpha1")
        {
            ClaimConversion.ToV1Alpha1(value["spec"]?["permissionClaims"] as JsonArray);
            ClaimConversion.ToV1Alpha1(value["status"]?["exportPermissionClaims"] as JsonArray);
            ClaimConversion.ToV1Alpha1(value["status"]?["appliedPermissionClaims"] as JsonArray);
        }

        return value;
    }
}
