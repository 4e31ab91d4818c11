using System.Text.Json.Nodes;
using Broker.LocalKcp.Api;
using Broker.LocalKcp.Discovery;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Security.Authorization;
using Broker.LocalKcp.Workspaces;

namespace Broker.LocalKcp.Security;

/// <summary>
/// The review APIs, answered per workspace through the same authorizer as requests: SelfSubjectReview
/// (kubectl auth whoami), SelfSubjectAccessReview and SubjectAccessReview (kubectl auth can-i), and
/// SelfSubjectRulesReview (kubectl auth can-i --list). Reasons are kcp's anonymized "access granted"/"access denied".
/// </summary>
public sealed class AccessReviews(KcpAuthorizer authorizer)
{
    private static readonly PolicyRule[] Everything = [PolicyRule.Resource(["*"], ["*"], ["*"]), PolicyRule.Urls(["*"], "*")];

    public JsonObject Review(UserInfo caller, LogicalClusterInfo? cluster, ApiResource resource, JsonObject body)
    {
        body["apiVersion"] = resource.GroupVersion;
        body["kind"] = resource.Kind;
        body["status"] = resource.Kind switch
        {
            "SelfSubjectReview" => new JsonObject { ["userInfo"] = UserJson(caller) },
            "SelfSubjectAccessReview" => Decide(caller, cluster, Spec(body)),
            "SubjectAccessReview" => Decide(Subject(Spec(body)), cluster, Spec(body)),
            "SelfSubjectRulesReview" => Rules(caller, cluster, ObjectMeta.GetString(body, "spec", "namespace") ?? ""),
            _ => throw StatusException.BadRequest($"{resource.Kind} is not a review"),
        };
        return body;
    }

    private JsonObject Decide(UserInfo user, LogicalClusterInfo? cluster, JsonObject spec)
    {
        var allowed = authorizer.Allows(user, cluster, Attributes(spec));
        return new JsonObject { ["allowed"] = allowed, ["reason"] = allowed ? "access granted" : "access denied" };
    }

    private JsonObject Rules(UserInfo user, LogicalClusterInfo? cluster, string @namespace)
    {
        PolicyRule[] rules = [];
        if (user.IsMaster)
        {
            rules = Everything;
        }
        else if (cluster is not null && authorizer.RulesFor(user, cluster) is { MayEnter: true } held)
        {
            rules = [.. held.ClusterWide, .. held.ByNamespace.GetValueOrDefault(@namespace) ?? []];
        }

        return new JsonObject
        {
            ["resourceRules"] = new JsonArray([.. rules.Where(r => r.IsResourceRule).Select(r => (JsonNode)r.ToJson())]),
            ["nonResourceRules"] = new JsonArray([.. rules.Where(r => !r.IsResourceRule).Select(r => (JsonNode)r.ToJson())]),
            ["incomplete"] = false,
        };
    }

    private static JsonObject Spec(JsonObject body) =>
        body["spec"] as JsonObject ?? throw StatusException.Invalid("SubjectAccessReview", "", "authorization.k8s.io", [new("FieldValueRequired", "Required value", "spec")]);

    private static RequestAttributes Attributes(JsonObject spec)
    {
        if (spec["resourceAttributes"] is JsonObject resource)
        {
            return RequestAttributes.ForResource(
                Field(resource, "verb"), Field(resource, "group"), Field(resource, "resource"), Field(resource, "subresource"), Field(resource, "namespace"), Field(resource, "name"));
        }

        if (spec["nonResourceAttributes"] is JsonObject path)
        {
            return RequestAttributes.ForPath(Field(path, "verb"), Field(path, "path"));
        }

        throw StatusException.Invalid("SubjectAccessReview", "", "authorization.k8s.io",
            [new("FieldValueRequired", "exactly one of nonResourceAttributes or resourceAttributes must be specified", "spec.resourceAttributes")]);
    }

    private static UserInfo Subject(JsonObject spec)
    {
        var name = ObjectMeta.GetString(spec, "user") ?? "";
        var groups = (spec["groups"] as JsonArray ?? []).Select(g => g?.GetValueKind() == System.Text.Json.JsonValueKind.String ? g.GetValue<string>() : "");
        if (name.Length == 0 && !groups.Any(g => g.Length > 0))
        {
            throw StatusException.Invalid("SubjectAccessReview", "", "authorization.k8s.io", [new("FieldValueRequired", "at least one of user or group must be specified", "spec.user")]);
        }

        return new UserInfo(name, groups, authenticated: false);
    }

    private static string Field(JsonObject node, string name) => ObjectMeta.GetString(node, name) ?? "";

    private static JsonObject UserJson(UserInfo user) => new()
    {
        ["username"] = user.Name,
        ["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)g)]),
    };
}
