using Broker.Core.Api.Meta;
using Broker.Kcp.Models;

namespace Broker.Kcp.Http;

/// <summary>Transport settings of a <see cref="KcpClient"/>; each property states its default.</summary>
public sealed record KcpClientOptions
{
    /// <summary>Limit of one non-watch request. Default 30 s. Watches have no overall limit.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Server-side watch duration is drawn from this range, as client-go does. Default 5 to 10 minutes.</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Upper end of the server-side watch duration. Default 10 minutes.</summary>
    public TimeSpan MaxWatchTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A watch that delivers nothing (not even a bookmark) for this long past its server timeout is dropped
    /// client-side: it catches connections that died without a reset. Default 30 s.</summary>
    public TimeSpan WatchGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Page size of lists; 0 asks for everything at once. Default 500, as client-go's informers.</summary>
    public int ListPageSize { get; init; } = 500;

    /// <summary>client-go's QPS and Burst: the requests of the client and all its views share one token bucket. Default
    /// null: no limit (the library's choice; <c>broker run</c> and <c>broker local</c> set <see cref="ClientRateLimit.Default"/>).</summary>
    public ClientRateLimit? RateLimit { get; init; }

    /// <summary>Sent as User-Agent.</summary>
    public string UserAgent { get; init; } = "resource-broker";

    /// <summary>Told of every object a create, update or patch returned (its header: identity and resourceVersion, read
    /// without a node tree), with its resource: a controller uses it to recognise the watch events of its own writes.
    /// Default null.</summary>
    public Action<GroupVersionResource, Models.ObjectHeader>? Written { get; init; }

    /// <summary>Told of every create, update or patch before it is sent, with its resource, the logical cluster (null
    /// when the client addresses a workspace by path), namespace and name; the result is disposed when the write ends
    /// (after <see cref="Written"/> if it succeeded). A controller uses it to recognise an echo that arrives before the
    /// write's response. Default null.</summary>
    public Func<GroupVersionResource, string?, string, string, IDisposable>? Writing { get; init; }

    /// <summary>Where the names of the objects it reads come from: watch events and listed objects of every client made
    /// with these options share one instance of each name (<see cref="NameTable"/>). Default: a table of their own.</summary>
    public NameTable Names { get; init; } = new();

    /// <summary>Replaces the socket handler, e.g. to test against an in-memory server. Default null.</summary>
    public Func<Uri, HttpMessageHandler>? HandlerFactory { get; init; }
}
