using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;
using Broker.Kcp.Watch;

namespace Broker.Kcp.Http;

/// <summary>REST access to one logical cluster, or to all of them (<c>*</c>, list and watch only), either on a
/// kcp server (<c>…/clusters/&lt;x&gt;/</c>) or inside a virtual workspace (<c>&lt;endpoint&gt;/clusters/&lt;x&gt;/</c>).</summary>
public sealed class ClusterClient
{
    private const string JsonMediaType = "application/json";
    private readonly HttpClient _http;
    private readonly KcpClientOptions _options;
    private readonly TimeProvider _time;
    private readonly KcpClientTelemetry _telemetry;

    /// <summary>The telemetry of the client this view belongs to (informers report refusals to it).</summary>
    internal KcpClientTelemetry Telemetry => _telemetry;
    private readonly RequestRateLimiter? _limiter;

    internal ClusterClient(HttpClient http, Uri baseUri, ClusterPath cluster, KcpClientOptions options, TimeProvider time, KcpClientTelemetry telemetry, RequestRateLimiter? limiter)
    {
        _http = http;
        _telemetry = telemetry;
        _limiter = limiter;
        BaseUri = baseUri;
        Cluster = cluster;
        _options = options;
        _time = time;
    }

    /// <summary>Ends in <c>/clusters/&lt;x&gt;/</c>; request paths are joined onto it relatively.</summary>
    public Uri BaseUri { get; }

    public ClusterPath Cluster { get; }

    /// <summary>The names table of the client's options, shared by every client made from it.</summary>
    public NameTable Names => _options.Names;

    public Task<JsonObject> GetAsync(GroupVersionResource resource, string? ns, string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, resource.ObjectPath(ns, name), content: null, cancellationToken);

    /// <summary>A discovery document of this cluster, e.g. <c>api/v1</c> or <c>apis/batch/v1</c> (a path relative to the cluster).</summary>
    public Task<JsonObject> GetDiscoveryAsync(string relativePath, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, relativePath, content: null, cancellationToken);

    /// <summary>The object, or null when the server answers 404 (absent, or its workspace or kind is gone).</summary>
    public async Task<JsonObject?> GetOrNullAsync(GroupVersionResource resource, string? ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await GetAsync(resource, ns, name, cancellationToken);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>One page; see <see cref="ListAllAsync"/> for every page.</summary>
    public async Task<ObjectList> ListAsync(GroupVersionResource resource, string? ns, ListOptions? options, CancellationToken cancellationToken)
    {
        var list = await SendAsync(HttpMethod.Get, resource.CollectionPath(ns) + (options ?? new ListOptions()).ToQuery(), content: null, cancellationToken);
        var meta = list["metadata"] as JsonObject;
        return new ObjectList(
            DetachItems(list),
            meta?["resourceVersion"]?.GetValue<string>() ?? "",
            meta?["continue"]?.GetValue<string>() is { Length: > 0 } next ? next : null);
    }

    /// <summary>Follows <c>continue</c> tokens; every page belongs to the snapshot of the first, so its resourceVersion is the list's.</summary>
    public async Task<ObjectList> ListAllAsync(GroupVersionResource resource, string? ns, ListOptions? options, CancellationToken cancellationToken)
    {
        options ??= new ListOptions();
        var first = await ListAsync(resource, ns, options with { Limit = options.Limit ?? _options.ListPageSize }, cancellationToken);
        if (first.Continue is null)
        {
            return first;
        }

        var items = new List<JsonObject>(first.Items);
        var next = first.Continue;
        while (next is not null)
        {
            // A continue token carries its own snapshot; resourceVersion must not be sent with it.
            var page = await ListAsync(resource, ns, options with { Continue = next, ResourceVersion = null, Limit = options.Limit ?? _options.ListPageSize }, cancellationToken);
            items.AddRange(page.Items);
            next = page.Continue;
        }

        return first with { Items = items, Continue = null };
    }

    public Task<JsonObject> CreateAsync(GroupVersionResource resource, string? ns, JsonObject obj, CancellationToken cancellationToken) =>
        WriteAsync(resource, Creating(resource, ns, obj), Json(obj), cancellationToken);

    /// <summary>Replaces the object named by its metadata; fails with <see cref="ConflictException"/> if its resourceVersion is stale.</summary>
    public Task<JsonObject> UpdateAsync(GroupVersionResource resource, JsonObject obj, CancellationToken cancellationToken) =>
        WriteAsync(resource, Updating(resource, obj), Json(obj), cancellationToken);

    /// <summary>Replaces only <c>status</c>, through the status subresource.</summary>
    public Task<JsonObject> UpdateStatusAsync(GroupVersionResource resource, JsonObject obj, CancellationToken cancellationToken) =>
        WriteAsync(resource, Updating(resource, obj, "/status"), Json(obj), cancellationToken);

    /// <summary>As <see cref="CreateAsync(GroupVersionResource, string?, JsonObject, CancellationToken)"/> for a caller that
    /// reads nothing of the answer but the written object's header (its resourceVersion): the answer is not parsed.</summary>
    public Task<ObjectHeader> CreateForHeaderAsync(GroupVersionResource resource, string? ns, JsonObject obj, CancellationToken cancellationToken) =>
        WriteForHeaderAsync(resource, Creating(resource, ns, obj), Json(obj), cancellationToken);

    /// <summary>As <see cref="UpdateAsync(GroupVersionResource, JsonObject, CancellationToken)"/>, answering only the header.</summary>
    public Task<ObjectHeader> UpdateForHeaderAsync(GroupVersionResource resource, JsonObject obj, CancellationToken cancellationToken) =>
        WriteForHeaderAsync(resource, Updating(resource, obj), Json(obj), cancellationToken);

    /// <summary>As <see cref="UpdateStatusAsync(GroupVersionResource, JsonObject, CancellationToken)"/>, answering only the header.</summary>
    public Task<ObjectHeader> UpdateStatusForHeaderAsync(GroupVersionResource resource, JsonObject obj, CancellationToken cancellationToken) =>
        WriteForHeaderAsync(resource, Updating(resource, obj, "/status"), Json(obj), cancellationToken);

    public Task<JsonObject> PatchAsync(
        GroupVersionResource resource, string? ns, string name, PatchType type, JsonNode patch, CancellationToken cancellationToken) =>
        WriteAsync(resource, HttpMethod.Patch, resource.ObjectPath(ns, name), Patch(type, patch), ns, name, cancellationToken);

    public Task<JsonObject> PatchStatusAsync(
        GroupVersionResource resource, string? ns, string name, PatchType type, JsonNode patch, CancellationToken cancellationToken) =>
        WriteAsync(resource, HttpMethod.Patch, resource.ObjectPath(ns, name) + "/status", Patch(type, patch), ns, name, cancellationToken);

    /// <summary>Creates a typed object, serialized and read back with <paramref name="type"/> straight from and to UTF-8
    /// (no node tree on either side).</summary>
    public async Task<T> CreateAsync<T>(GroupVersionResource resource, string? ns, string name, T obj, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        await ReadAsync(WriteUtf8Async(resource, HttpMethod.Post, resource.CollectionPath(ns), Utf8(obj, type), ns, name, cancellationToken), type);

    /// <summary>Replaces a typed object (see <see cref="CreateAsync{T}"/>); fails with <see cref="ConflictException"/> if it is stale.</summary>
    public async Task<T> UpdateAsync<T>(GroupVersionResource resource, string? ns, string name, T obj, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        await ReadAsync(WriteUtf8Async(resource, HttpMethod.Put, resource.ObjectPath(ns, name), Utf8(obj, type), ns, name, cancellationToken), type);

    /// <summary>Replaces only the <c>status</c> of a typed object (see <see cref="CreateAsync{T}"/>).</summary>
    public async Task<T> UpdateStatusAsync<T>(GroupVersionResource resource, string? ns, string name, T obj, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        await ReadAsync(WriteUtf8Async(resource, HttpMethod.Put, resource.ObjectPath(ns, name) + "/status", Utf8(obj, type), ns, name, cancellationToken), type);

    /// <summary>As <see cref="UpdateStatusAsync{T}"/> for a caller that reads nothing of the answer but the written object's
    /// header: the answer is not deserialized.</summary>
    public Task<ObjectHeader> UpdateStatusForHeaderAsync<T>(GroupVersionResource resource, string? ns, string name, T obj, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        WriteForHeaderAsync(resource, HttpMethod.Put, resource.ObjectPath(ns, name) + "/status", Utf8(obj, type), ns, name, cancellationToken);

    /// <summary>Returns the object while finalizers hold it, or null once the server reports it gone.</summary>
    public async Task<JsonObject?> DeleteAsync(
        GroupVersionResource resource, string? ns, string name, DeleteOptions? options, CancellationToken cancellationToken)
    {
        var body = options is null ? null : Json(DeleteBody(options));
        var result = await SendAsync(HttpMethod.Delete, resource.ObjectPath(ns, name), body, cancellationToken, write: true);
        return string.Equals(result["kind"]?.GetValue<string>(), "Status", StringComparison.Ordinal) ? null : result;
    }

    /// <summary>Watches from <see cref="ListOptions.ResourceVersion"/> with bookmarks on. The sequence ends when the server
    /// closes the watch or it stays silent past its timeout; an ERROR event throws (410 as <see cref="GoneException"/>).</summary>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        GroupVersionResource resource, string? ns, ListOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var serverTimeout = WatchTimeout();
        var query = (options ?? new ListOptions()).ToQuery(
            ("watch", "true"), ("allowWatchBookmarks", "true"),
            ("timeoutSeconds", ((int)serverTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture)));

        // Watchdog for connections that die silently: the server should have ended this watch by then.
        using var watchdog = new CancellationTokenSource(serverTimeout + _options.WatchGrace, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watchdog.Token);
        using var request = Request(HttpMethod.Get, new Uri(BaseUri, resource.CollectionPath(ns) + query));
        await ThrottleAsync(linked.Token);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw await KubeApiErrors.FromResponseAsync(response, cancellationToken);
        }

        using var open = _telemetry.WatchOpened(resource);

        await using var body = await response.Content.ReadAsStreamAsync(linked.Token);
        await using var events = WatchStream.ReadAsync(body, _options.Names, linked.Token).GetAsyncEnumerator(linked.Token);
        while (true)
        {
            try
            {
                if (!await events.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (OperationCanceledException) when (watchdog.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                yield break; // same as a server-side close: the caller resumes from its last resourceVersion
            }

            yield return events.Current;
        }
    }

    // Where a write of a node goes: one place for the full-answer and the header-only writes alike.
    private static WriteTarget Creating(GroupVersionResource resource, string? ns, JsonObject obj) =>
        new(HttpMethod.Post, resource.CollectionPath(ns), ns, KubeObject.Name(obj));

    private static WriteTarget Updating(GroupVersionResource resource, JsonObject obj, string subresource = "")
    {
        var (ns, name) = (KubeObject.Namespace(obj), KubeObject.Name(obj));
        return new(HttpMethod.Put, resource.ObjectPath(ns, name) + subresource, ns, name);
    }

    private Task<JsonObject> WriteAsync(GroupVersionResource resource, WriteTarget target, HttpContent content, CancellationToken cancellationToken) =>
        WriteAsync(resource, target.Method, target.Path, content, target.Namespace, target.Name, cancellationToken);

    private Task<ObjectHeader> WriteForHeaderAsync(GroupVersionResource resource, WriteTarget target, HttpContent content, CancellationToken cancellationToken) =>
        WriteForHeaderAsync(resource, target.Method, target.Path, content, target.Namespace, target.Name, cancellationToken);

    private async Task<JsonObject> WriteAsync(
        GroupVersionResource resource, HttpMethod method, string path, HttpContent content, string? ns, string name, CancellationToken cancellationToken)
    {
        using var answer = await WriteUtf8Async(resource, method, path, content, ns, name, cancellationToken);
        return Parse(method, path, answer.WrittenSpan);
    }

    private async Task<ObjectHeader> WriteForHeaderAsync(
        GroupVersionResource resource, HttpMethod method, string path, HttpContent content, string? ns, string name, CancellationToken cancellationToken)
    {
        using var answer = await WriteUtf8Async(resource, method, path, content, ns, name, cancellationToken);
        return ObjectHeader.Read(answer.WrittenSpan);
    }

    // The written object's JSON as answered, in a pooled buffer the caller disposes; Written is told its header, read
    // from the bytes, so a caller that reads nothing of the answer leaves it unparsed.
    private async Task<PooledBufferWriter> WriteUtf8Async(
        GroupVersionResource resource, HttpMethod method, string path, HttpContent content, string? ns, string name, CancellationToken cancellationToken)
    {
        using var writing = _options.Writing?.Invoke(resource, Cluster.IsName ? Cluster.ToString() : null, ns ?? "", name);
        var answer = await SendForUtf8Async(method, path, content, cancellationToken, write: true);
        try
        {
            _options.Written?.Invoke(resource, ObjectHeader.Read(answer.WrittenSpan, _options.Names));
            return answer;
        }
        catch
        {
            answer.Dispose();
            throw;
        }
    }

    private static async Task<T> ReadAsync<T>(Task<PooledBufferWriter> answering, JsonTypeInfo<T> type)
    {
        using var answer = await answering;
        return JsonSerializer.Deserialize(answer.WrittenSpan, type) ?? throw new InvalidDataException($"The answer is not a {typeof(T).Name}: null");
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, bool write = false)
    {
        using var answer = await SendForUtf8Async(method, path, content, cancellationToken, write);
        return Parse(method, path, answer.WrittenSpan);
    }

    // The node over a copy of the answer's bytes (the pooled buffer goes back); its properties are materialised only when read.
    private JsonObject Parse(HttpMethod method, string path, ReadOnlySpan<byte> utf8) =>
        JsonNode.Parse(utf8) as JsonObject ?? throw new InvalidDataException($"{method} {new Uri(BaseUri, path)}: response is not a JSON object");

    // The answer's bytes in a pooled buffer (the caller disposes it), sized by its Content-Length when it has one:
    // ReadAsByteArrayAsync buffered the body and then copied it into an array of its own, two arrays per request.
    private async Task<PooledBufferWriter> SendForUtf8Async(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, bool write)
    {
        if (write && Cluster.IsWildcard)
        {
            throw new InvalidOperationException($"{method} {path}: writes need a concrete logical cluster, not '*' (kcp answers 405)");
        }

        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var uri = new Uri(BaseUri, path);
        using var request = Request(method, uri);
        request.Content = content;
        try
        {
            await ThrottleAsync(linked.Token);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw await KubeApiErrors.FromResponseAsync(response, linked.Token);
            }

            return await ReadBodyAsync(response.Content, linked.Token);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {uri}: no answer within {_options.RequestTimeout.TotalSeconds:0.#} s", ex);
        }
    }

    private static async Task<PooledBufferWriter> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        // One byte past a known length, so the read that finds the end needs no larger array.
        var body = new PooledBufferWriter(content.Headers.ContentLength is { } length and < int.MaxValue ? (int)length + 1 : 4096);
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            while (await stream.ReadAsync(body.GetMemory(1), cancellationToken) is var read and > 0)
            {
                body.Advance(read);
            }

            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    // Waiting for a token counts against the request's own timeout, as in client-go (the limiter waits under the request's context).
    private ValueTask ThrottleAsync(CancellationToken cancellationToken) => _limiter?.WaitAsync(cancellationToken) ?? ValueTask.CompletedTask;

    // HttpClient's default version applies only to its convenience methods, not to a request built here: without this,
    // every request and every watch would take its own HTTP/1.1 connection instead of sharing HTTP/2 ones.
    private HttpRequestMessage Request(HttpMethod method, Uri uri) =>
        new(method, uri) { Version = _http.DefaultRequestVersion, VersionPolicy = _http.DefaultVersionPolicy };

    private TimeSpan WatchTimeout()
    {
        var min = _options.MinWatchTimeout.TotalSeconds;
        var spread = Math.Max(0, _options.MaxWatchTimeout.TotalSeconds - min);
        return TimeSpan.FromSeconds(Math.Max(1, Math.Round(min + (Random.Shared.NextDouble() * spread))));
    }

    // Items of a typed list usually lack kind/apiVersion; fill them from the list so every object is self-describing.
    private static List<JsonObject> DetachItems(JsonObject list)
    {
        if (list["items"] is not JsonArray array)
        {
            return [];
        }

        var apiVersion = list["apiVersion"]?.GetValue<string>();
        var kind = list["kind"]?.GetValue<string>() is { } k && k.EndsWith("List", StringComparison.Ordinal) ? k[..^4] : null;
        var items = new List<JsonObject>(array.Count);
        foreach (var node in array)
        {
            if (node is JsonObject item)
            {
                items.Add(item);
            }
        }

        array.Clear(); // detaches the items from the list so they can live on their own
        foreach (var item in items)
        {
            if (item["apiVersion"] is null && apiVersion is not null)
            {
                item["apiVersion"] = apiVersion;
            }

            if (item["kind"] is null && kind is not null)
            {
                item["kind"] = kind;
            }
        }

        return items;
    }

    private static PooledJsonContent Json(JsonNode node) => Utf8(node, JsonMediaType);

    private static PooledJsonContent Patch(PatchType type, JsonNode patch) => type switch
    {
        PatchType.Merge => Utf8(patch, "application/merge-patch+json"),
        PatchType.Json => Utf8(patch, "application/json-patch+json"),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown patch type"),
    };

    private static PooledJsonContent Utf8<T>(T obj, JsonTypeInfo<T> type) => PooledJsonContent.Create(obj, type, JsonMediaType);

    // Straight to UTF-8: a string first (ToJsonString) cost a UTF-16 copy of every body and its encoding.
    private static PooledJsonContent Utf8(JsonNode node, string mediaType) =>
        PooledJsonContent.Create(node, (JsonTypeInfo<JsonNode>)KubeJson.Options.GetTypeInfo(typeof(JsonNode)), mediaType);

    private static JsonObject DeleteBody(DeleteOptions options)
    {
        var body = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1" };
        if (options.PreconditionUid is not null || options.PreconditionResourceVersion is not null)
        {
            body["preconditions"] = JsonSerializer.SerializeToNode(
                new { uid = options.PreconditionUid, resourceVersion = options.PreconditionResourceVersion }, KubeJson.Options);
        }

        if (options.PropagationPolicy is not null)
        {
            body["propagationPolicy"] = options.PropagationPolicy;
        }

        return body;
    }

    private readonly record struct WriteTarget(HttpMethod Method, string Path, string? Namespace, string Name);
}
