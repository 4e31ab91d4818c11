using System.Text.Json.Nodes;

namespace Broker.LocalKcp.Security.Authorization;

/// <summary>One RBAC rule, matched as Kubernetes' RBAC evaluator does (wildcards, subresources, names, URL prefixes).</summary>
public sealed record PolicyRule(string[] Verbs, string[] ApiGroups, string[] Resources, string[] ResourceNames, string[] NonResourceUrls)
{
    public static PolicyRule FromJson(JsonObject rule) => new(
        Strings(rule["verbs"]), Strings(rule["apiGroups"]), Strings(rule["resources"]), Strings(rule["resourceNames"]), Strings(rule["nonResourceURLs"]));

    public static PolicyRule Resource(string[] verbs, string[] groups, string[] resources, params string[] names) => new(verbs, groups, resources, names, []);

    public static PolicyRule Urls(string[] verbs, params string[] urls) => new(verbs, [], [], [], urls);

    public bool IsResourceRule => Resources.Length > 0;

    public bool Allows(in RequestAttributes request) =>
        Contains(Verbs, request.Verb) && (request.IsResourceRequest ? AllowsResource(request) : AllowsPath(request.Path));

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["verbs"] = Array(Verbs) };
        if (IsResourceRule)
        {
            json["apiGroups"] = Array(ApiGroups);
            json["resources"] = Array(Resources);
            if (ResourceNames.Length > 0)
            {
                json["resourceNames"] = Array(ResourceNames);
            }
        }
        else
        {
            json["nonResourceURLs"] = Array(NonResourceUrls);
        }

        return json;
    }

    private bool AllowsResource(in RequestAttributes request)
    {
        if (Resources.Length == 0 || !Contains(ApiGroups, request.Group) || (ResourceNames.Length > 0 && System.Array.IndexOf(ResourceNames, request.Name) < 0))
        {
            return false;
        }

        foreach (var resource in Resources)
        {
            if (resource == "*")
            {
                return true;
            }

            if (request.Subresource.Length == 0)
            {
                if (resource == request.Resource)
                {
                    return true;
                }

                continue;
            }

            var slash = resource.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0
                && (resource.AsSpan(0, slash).SequenceEqual(request.Resource) || resource.AsSpan(0, slash) is "*")
                && resource.AsSpan(slash + 1).SequenceEqual(request.Subresource))
            {
                return true;
            }
        }

        return false;
    }

    private bool AllowsPath(string path)
    {
        foreach (var url in NonResourceUrls)
        {
            if (url == "*" || url == path || (url.EndsWith('*') && path.StartsWith(url.AsSpan(0, url.Length - 1), StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(string[] values, string value)
    {
        foreach (var candidate in values)
        {
            if (candidate == "*" || candidate == value)
            {
                return true;
            }
        }

        return false;
    }

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Where(n => n?.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(n => n!.GetValue<string>())] : []; // "" is the core group

    private static JsonArray Array(string[] values) => new([.. values.Select(v => (JsonNode)v)]);
}
