using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Discovery;
using Broker.LocalKcp.Security;
using Broker.LocalKcp.Security.Authorization;
using Broker.LocalKcp.Watch;
using Microsoft.AspNetCore.Http;

namespace Broker.LocalKcp.Api;

/// <summary>
/// Serves everything below a surface's prefix: /version, discovery, OpenAPI and resource requests,
/// mapping HTTP methods to Kubernetes verbs.
/// </summary>
public sealed class ApiRequestHandler(ResourceService resources, WatchStreamer watches, VersionInfo version, TimeProvider time, AccessReviews reviews)
{
    public async Task HandleAsync(HttpContext context, ApiSurface surface, string rest)
    {
        var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var method = context.Request.Method;
        if (segments.Length == 0)
        {
            throw StatusException.NotFound("", rest);
        }

        if (segments is not (["api", _, ..] or ["apis", _, _, ..]) || segments is ["apis", _, _] or ["api", _])
        {
            // Discovery, OpenAPI and /version are non-resource requests (kcp's system:discovery role).
            surface.Access?.Invoke(User(context), RequestAttributes.ForPath(RequestAttributes.PathVerb(method), "/" + string.Join('/', segments)));
        }

        switch (segments)
        {
            case ["version"]:
                await ResponseWriter.WriteJsonAsync(context, 200, version.ToJson());
                return;
            case ["api"]:
                await ResponseWriter.WriteJsonAsync(context, 200, DiscoveryDocuments.ApiVersions(context.Request.Host.Value ?? "127.0.0.1"));
                return;
            case ["apis"]:
                await ResponseWriter.WriteJsonAsync(context, 200, DiscoveryDocuments.GroupList(surface.Apis));
                return;
            case ["api", var v]:
                await WriteOrNotFoundAsync(context, DiscoveryDocuments.ResourceList(surface.Apis, "", v), rest);
                return;
            case ["apis", var g]:
                await WriteOrNotFoundAsync(context, DiscoveryDocuments.Group(surface.Apis, g), rest);
                return;
            case ["apis", var g, var v]:
                await WriteOrNotFoundAsync(context, DiscoveryDocuments.ResourceList(surface.Apis, g, v), rest);
                return;
            case ["openapi", "v2"]:
                await WriteOpenApiV2Async(context, surface);
                return;
            case ["openapi", "v3"]:
                await ResponseWriter.WriteJsonAsync(context, 200, OpenApiDocuments.V3Index(surface.Apis, surface.PathPrefix));
                return;
            case ["openapi", "v3", "api", var v]:
                await ResponseWriter.WriteJsonAsync(context, 200, OpenApiDocuments.V3GroupVersion(surface.Apis, "", v));
                return;
            case ["openapi", "v3", "apis", var g, var v]:
                await ResponseWriter.WriteJsonAsync(context, 200, OpenApiDocuments.V3GroupVersion(surface.Apis, g, v));
                return;
            case ["api", var v, .. var tail] when ResourceRequest.Parse("", v, tail) is { } request:
                await HandleResourceAsync(context, surface, request, method);
                return;
            case ["apis", var g, var v, .. var tail] when ResourceRequest.Parse(g, v, tail) is { } request:
                await HandleResourceAsync(context, surface, request, method);
                return;
            default:
                throw new StatusException(404, "NotFound", "the server could not find the requested resource");
        }
    }

    private static Task WriteOrNotFoundAsync(HttpContext context, JsonObject? document, string path) =>
        document is null
            ? throw new StatusException(404, "NotFound", $"the server could not find the requested resource ({path})")
            : ResponseWriter.WriteJsonAsync(context, 200, document);

    private static Task WriteOpenApiV2Async(HttpContext context, ApiSurface surface)
    {
        // client-go asks for protobuf only; JSON would fail its decoder, so tell it we cannot (it falls back).
        var accept = context.Request.Headers.Accept.ToString();
        if (accept.Length > 0 && !accept.Contains("json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("*/*", StringComparison.Ordinal))
        {
            throw new StatusException(406, "NotAcceptable", "only application/json is supported for /openapi/v2");
        }

        return ResponseWriter.WriteJsonAsync(context, 200, OpenApiDocuments.V2(surface.Apis));
    }

    private async Task HandleResourceAsync(HttpContext context, ApiSurface surface, ResourceRequest request, string method)
    {
        var options = ListOptions.From(context.Request.Query);
        var verb = Verb(method, request, options);
        if (surface.Access is { } access)
        {
            // Authorized before the resource is resolved, as kube-apiserver does: a stranger learns nothing from 404s. A list
            // or watch pinned to one name (fieldSelector metadata.name=x) is authorized for that name, as kube's
            // RequestInfoFactory does, so an RBAC rule with resourceNames allows an informer of one object.
            var name = request.Name ?? (verb is "list" or "watch" ? options.Fields.SingleName : null) ?? "";
            access(User(context), RequestAttributes.ForResource(verb, request.Group, request.Resource, request.Subresource ?? "",
                request.Namespace ?? (request.Resource == "namespaces" && request.Group.Length == 0 ? name : ""), name));
        }

        var resource = Resolve(surface, request);
        options = options with { Fields = options.Fields.For(resource) };
        if (surface.IsWildcard && verb is not ("list" or "watch"))
        {
            throw StatusException.MethodNotAllowed($"{verb} is not supported on resources of kind \"{resource.GroupResource}\" in the `*` logical cluster");
        }

        if (surface.IsWildcard && surface.RequireCrossNamespaceWildcard && request.Namespace is not null)
        {
            throw StatusException.BadRequest($"cross-cluster LIST and WATCH are required to be cross-namespace, not scoped to namespace {request.Namespace}");
        }

        surface.Authorize?.Invoke(resource, verb);
        await ExecuteAsync(context, surface, request, resource, verb, options);
    }

    private static ApiResource Resolve(ApiSurface surface, ResourceRequest request)
    {
        var resource = (request.Identity.Length > 0
                ? surface.Apis.Find(request.Group, request.Version, request.Resource, request.Identity)
                : surface.Apis.Find(request.Group, request.Version, request.Resource))
            ?? throw new StatusException(404, "NotFound", "the server could not find the requested resource");
        if ((request.Identity.Length > 0 || surface.RequireIdentity) && request.Identity != resource.Storage.Identity)
        {
            throw new StatusException(404, "NotFound", "the server could not find the requested resource");
        }

        if (request.Subresource is { } sub && (sub != "status" || !resource.HasStatus) && !(sub == "finalize" && resource.Plural == "namespaces"))
        {
            throw new StatusException(404, "NotFound", "the server could not find the requested resource");
        }

        if (!resource.Namespaced && request.Namespace is not null)
        {
            throw new StatusException(404, "NotFound", "the server could not find the requested resource");
        }

        return resource;
    }

    private async Task ExecuteAsync(HttpContext context, ApiSurface surface, ResourceRequest request, ApiResource resource, string verb, ListOptions options)
    {
        var ns = request.Namespace ?? "";
        var cluster = surface.Cluster;
        var write = new WriteOptions(
            Strict: string.Equals(context.Request.Query["fieldValidation"], "Strict", StringComparison.Ordinal),
            DryRun: string.Equals(context.Request.Query["dryRun"], "All", StringComparison.Ordinal),
            User: context.Features.Get<UserInfo>());
        switch (verb)
        {
            case "get":
                await GetAsync(context, surface, request, resource, ns);
                break;
            case "list":
                await ListAsync(context, surface, request, resource, options);
                break;
            case "watch":
                var filter = new WatchFilter(request.Namespace, options.Labels, options.Fields, surface.Visibility?.Invoke(resource));
                await watches.StreamAsync(context, surface.Shard.Store, cluster?.Name, resource, filter, options);
                break;
            case "create" when resource.IsReview:
                await ResponseWriter.WriteJsonAsync(context, 201, reviews.Review(User(context), surface.Cluster, resource, await ReadObjectAsync(context)));
                break;
            case "create":
                var created = resources.Create(cluster!, resource, request.Namespace, Prepared(surface, resource, await ReadObjectAsync(context)), options: write);
                await ResponseWriter.WriteObjectAsync(context, 201, created, resource);
                break;
            case "update":
                var updated = resources.Update(cluster!, resource, ns, request.Name!, Prepared(surface, resource, await ReadObjectAsync(context)), request.Subresource, options: write);
                await ResponseWriter.WriteObjectAsync(context, 200, updated, resource);
                break;
            case "patch":
                var type = PatchApplier.FromContentType(context.Request.ContentType)
                    ?? throw new StatusException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
                var existed = resources.TryGet(cluster!, resource, ns, request.Name!) is not null;
                var patched = resources.Patch(cluster!, resource, ns, request.Name!, type, await ReadNodeAsync(context), request.Subresource, options: write);
                await ResponseWriter.WriteObjectAsync(context, existed ? 200 : 201, patched, resource);
                break;
            case "delete":
                var deleted = resources.Delete(cluster!, resource, ns, request.Name!, await ReadOptionalObjectAsync(context), dryRun: write.DryRun);
                await ResponseWriter.WriteObjectAsync(context, 200, deleted, resource);
                break;
            case "deletecollection":
                var victims = resources.List(surface.Shard.Store, cluster!.Name, resource, request.Namespace, options with { Limit = null, Continue = null });
                foreach (var victim in victims.Items)
                {
                    resources.Delete(cluster, resource, victim.Key.Namespace, victim.Key.Name, null);
                }

                await ResponseWriter.WriteListAsync(context, resource, victims);
                break;
            default:
                throw StatusException.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
    }

    private async Task GetAsync(HttpContext context, ApiSurface surface, ResourceRequest request, ApiResource resource, string ns)
    {
        var found = resources.Get(surface.Cluster!, resource, ns, request.Name!);
        if (surface.Visibility?.Invoke(resource) is { } visible && !visible(found))
        {
            throw StatusException.NotFound(resource.GroupResource, request.Name!);
        }

        if (TableBuilder.Wanted(context.Request))
        {
            await ResponseWriter.WriteJsonAsync(context, 200, TableBuilder.Build(resource, [found], null, context.Request, time.GetUtcNow()));
            return;
        }

        await ResponseWriter.WriteObjectAsync(context, 200, found, resource);
    }

    private async Task ListAsync(HttpContext context, ApiSurface surface, ResourceRequest request, ApiResource resource, ListOptions options)
    {
        var list = resources.List(surface.Shard.Store, surface.Cluster?.Name, resource, request.Namespace, options, surface.Visibility?.Invoke(resource));
        if (TableBuilder.Wanted(context.Request))
        {
            var table = TableBuilder.Build(resource, list.Items, list.Revision, context.Request, time.GetUtcNow());
            if (list.Continue is { } next)
            {
                table["metadata"]!["continue"] = next;
            }

            await ResponseWriter.WriteJsonAsync(context, 200, table);
            return;
        }

        await ResponseWriter.WriteListAsync(context, resource, list);
    }

    private static JsonObject Prepared(ApiSurface surface, ApiResource resource, JsonObject body)
    {
        surface.PrepareWrite?.Invoke(resource, body);
        return body;
    }

    private static UserInfo User(HttpContext context) =>
        context.Features.Get<UserInfo>() ?? throw new StatusException(401, "Unauthorized", "Unauthorized");

    private static string Verb(string method, ResourceRequest request, ListOptions options) => method switch
    {
        "GET" when request.Name is null => options.Watch ? "watch" : "list",
        "GET" => options.Watch ? "watch" : "get",
        "POST" when request.Name is null => "create",
        "PUT" when request.Name is not null => "update",
        "PATCH" when request.Name is not null => "patch",
        "DELETE" when request.Name is null => "deletecollection",
        "DELETE" => "delete",
        _ => "unsupported",
    };

    private static async Task<JsonNode?> ReadNodeAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context);
        if (context.Request.ContentType?.Contains("protobuf", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                return Protobuf.ProtobufDecoder.Decode(body.Span);
            }
            catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
            {
                throw StatusException.BadRequest($"the protobuf body could not be decoded: {e.Message}");
            }
        }

        return RequestBody.ParseJson(body.Span);
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context) =>
        await ReadNodeAsync(context) as JsonObject ?? throw StatusException.BadRequest("the body of the request must be a JSON object");

    private static async Task<JsonObject?> ReadOptionalObjectAsync(HttpContext context)
    {
        if (context.Request.ContentLength is 0 || (context.Request.ContentLength is null && !context.Request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return null;
        }

        return await ReadNodeAsync(context) as JsonObject;
    }
}
