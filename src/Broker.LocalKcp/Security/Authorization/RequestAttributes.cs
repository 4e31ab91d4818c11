namespace Broker.LocalKcp.Security.Authorization;

/// <summary>What a request asks to do, as an authorizer sees it (Kubernetes' authorizer.Attributes).</summary>
public readonly record struct RequestAttributes(
    string Verb, string Group, string Resource, string Subresource, string Namespace, string Name, string Path, bool IsResourceRequest)
{
    public static RequestAttributes ForResource(string verb, string group, string resource, string subresource = "", string @namespace = "", string name = "") =>
        new(verb, group, resource, subresource, @namespace, name, "", true);

    public static RequestAttributes ForPath(string verb, string path) => new(verb, "", "", "", "", "", path, false);

    /// <summary>The verb of a non-resource request: the lowercased HTTP method (HEAD reads like GET).</summary>
    public static string PathVerb(string method) => method switch
    {
        "GET" or "HEAD" => "get",
        _ => method.ToLowerInvariant(),
    };
}
