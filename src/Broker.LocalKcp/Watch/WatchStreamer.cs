using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Api;
using Broker.LocalKcp.Discovery;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Storage;
using Microsoft.AspNetCore.Http;

namespace Broker.LocalKcp.Watch;

/// <summary>
/// Serves ?watch=true as chunked newline-delimited JSON events: replay or initial state, live events,
/// periodic bookmarks, timeoutSeconds, and 410 Expired as an ERROR event when the start revision is gone.
/// </summary>
public sealed class WatchStreamer(TimeProvider time, TimeSpan bookmarkInterval)
{
    private static readonly byte[] AddedPrefix = Encoding.UTF8.GetBytes("{\"type\":\"ADDED\",\"object\":");
    private static readonly byte[] ModifiedPrefix = Encoding.UTF8.GetBytes("{\"type\":\"MODIFIED\",\"object\":");
    private static readonly byte[] DeletedPrefix = Encoding.UTF8.GetBytes("{\"type\":\"DELETED\",\"object\":");
    private static readonly byte[] Suffix = Encoding.UTF8.GetBytes("}\n");

    public async Task StreamAsync(
        HttpContext context, ObjectStore store, string? cluster, ApiResource resource, WatchFilter filter, ListOptions options)
    {
        long? from = options.ResourceVersion is null or "0" || options.SendInitialEvents
            ? null
            : long.TryParse(options.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var rv)
                ? rv
                : throw StatusException.BadRequest($"invalid resourceVersion \"{options.ResourceVersion}\"");
        var start = store.Watch(resource.Storage, cluster, from);
        if (await WriteExpiredAsync(context, start, from))
        {
            return;
        }

        await StreamEventsAsync(context, store, resource, filter, options, start);
    }

    private static async Task<bool> WriteExpiredAsync(HttpContext context, WatchStart start, long? from)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = ResponseWriter.JsonContentType;
        context.Response.Headers.CacheControl = "no-cache, private";
        if (start.Expired || start.Watcher is null)
        {
            var expired = StatusException.Expired($"too old resource version: {from} ({start.CompactedRevision + 1})");
            await WriteLineAsync(context, new JsonObject { ["type"] = "ERROR", ["object"] = expired.ToStatus() });
            return true;
        }

        return false;
    }

    private async Task StreamEventsAsync(HttpContext context, ObjectStore store, ApiResource resource, WatchFilter filter, ListOptions options, WatchStart start)
    {
        var watcher = start.Watcher!;
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (options.TimeoutSeconds is { } seconds)
        {
            lifetime.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        var bookmarks = options.AllowBookmarks ? RequestBookmarksAsync(store, watcher, lifetime.Token) : Task.CompletedTask;
        try
        {
            await context.Response.StartAsync(lifetime.Token);
            await context.Response.Body.FlushAsync(lifetime.Token);
            var render = Renderer(context, resource);
            foreach (var value in start.Initial)
            {
                await WriteEventAsync(context, resource, filter, value, render, lifetime.Token);
            }

            if (options.SendInitialEvents && options.AllowBookmarks)
            {
                await WriteBookmarkAsync(context, resource, start.Revision, initialEventsEnd: true, lifetime.Token);
            }

            await context.Response.Body.FlushAsync(lifetime.Token);
            var reader = watcher.Events;
            while (await reader.WaitToReadAsync(lifetime.Token))
            {
                while (reader.TryRead(out var value))
                {
                    await WriteEventAsync(context, resource, filter, value, render, lifetime.Token);
                }

                await context.Response.Body.FlushAsync(lifetime.Token);
            }
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            // Timeout or client gone: a normal end of a watch.
        }
        finally
        {
            store.Unwatch(watcher);
            await lifetime.CancelAsync();
            await bookmarks;
        }
    }

    private async Task RequestBookmarksAsync(ObjectStore store, Watcher watcher, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(bookmarkInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                store.Bookmark(watcher);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The watch ended.
        }
    }

    /// <summary>How event objects are written: stored JSON, or one-row Tables (columns only in the first) when kubectl asks for them.</summary>
    private Func<StoredObject, ReadOnlyMemory<byte>> Renderer(HttpContext context, ApiResource resource)
    {
        if (!TableBuilder.Wanted(context.Request))
        {
            return o => ResponseWriter.Serialized(o, resource);
        }

        var first = true;
        return o =>
        {
            var table = TableBuilder.Build(resource, [o], o.ResourceVersion, context.Request, time.GetUtcNow(), withColumns: first);
            first = false;
            return ObjectMeta.Serialize(table);
        };
    }

    private static async Task WriteEventAsync(
        HttpContext context, ApiResource resource, WatchFilter filter, WatchEvent value, Func<StoredObject, ReadOnlyMemory<byte>> render, CancellationToken cancellationToken)
    {
        var type = filter.Translate(value);
        if (type is null)
        {
            return;
        }

        if (type == WatchEventType.Bookmark)
        {
            await WriteBookmarkAsync(context, resource, value.Revision, initialEventsEnd: false, cancellationToken);
            return;
        }

        var prefix = type switch
        {
            WatchEventType.Added => AddedPrefix,
            WatchEventType.Modified => ModifiedPrefix,
            _ => DeletedPrefix,
        };
        var body = context.Response.Body;
        await body.WriteAsync(prefix, cancellationToken);
        await body.WriteAsync(render(value.Object!), cancellationToken);
        await body.WriteAsync(Suffix, cancellationToken);
    }

    private static Task WriteBookmarkAsync(HttpContext context, ApiResource resource, long revision, bool initialEventsEnd, CancellationToken cancellationToken)
    {
        var metadata = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        return WriteLineAsync(context, new JsonObject
        {
            ["type"] = "BOOKMARK",
            ["object"] = new JsonObject { ["kind"] = resource.Kind, ["apiVersion"] = resource.GroupVersion, ["metadata"] = metadata },
        }, cancellationToken);
    }

    private static async Task WriteLineAsync(HttpContext context, JsonObject value, CancellationToken cancellationToken = default)
    {
        await context.Response.Body.WriteAsync(ObjectMeta.Serialize(value), cancellationToken);
        await context.Response.Body.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
