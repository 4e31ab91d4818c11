using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Broker.Kcp.Tests.Fakes;

/// <summary>A Kestrel server on 127.0.0.1:0 that answers each request with the next scripted handler, and records
/// the decoded path and query of every request. For exact wire-level tests of the client and the informer.</summary>
internal sealed class ScriptedApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<Func<HttpContext, Task>> _script = Channel.CreateUnbounded<Func<HttpContext, Task>>();

    private ScriptedApiServer(WebApplication app) => _app = app;

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<string> Bodies { get; } = new();

    public ConcurrentQueue<string> Authorizations { get; } = new();

    public Uri Url { get; private set; } = null!;

    public static async Task<ScriptedApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ScriptedApiServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Url = new Uri(app.Urls.First() + "/");
        return server;
    }

    public KcpClient Client(KcpClientOptions? options = null, TimeProvider? time = null) =>
        new(new KcpConnection(Url, null, new KcpCredentials { BearerToken = "t0ken" }), options, time);

    public void Then(Func<HttpContext, Task> handler) => _script.Writer.TryWrite(handler);

    public void ThenJson(string json, int status = 200) => Then(ctx => WriteAsync(ctx, status, json));

    /// <summary>Streams the given watch lines, then closes the response (a server-side end of the watch).</summary>
    public void ThenWatch(params string[] lines) => Then(async ctx =>
    {
        ctx.Response.ContentType = "application/json";
        foreach (var line in lines)
        {
            await ctx.Response.WriteAsync(line + "\n");
            await ctx.Response.Body.FlushAsync();
        }
    });

    /// <summary>Holds a watch open until the test ends it.</summary>
    public void ThenHangingWatch(Task until) => Then(async ctx =>
    {
        ctx.Response.ContentType = "application/json";
        await ctx.Response.Body.FlushAsync();
        await Task.WhenAny(until, Task.Delay(Timeout.Infinite, ctx.RequestAborted));
    });

    public static string List(string rv, params string[] items) =>
        $$"""{"kind":"WidgetList","apiVersion":"example.io/v1","metadata":{"resourceVersion":"{{rv}}"},"items":[{{string.Join(",", items)}}]}""";

    public static string Obj(string cluster, string name, string rv, string ns = "default") => new System.Text.Json.Nodes.JsonObject
    {
        ["apiVersion"] = "example.io/v1",
        ["kind"] = "Widget",
        ["metadata"] = new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = name, ["namespace"] = ns, ["resourceVersion"] = rv,
            ["annotations"] = new System.Text.Json.Nodes.JsonObject { ["kcp.io/cluster"] = cluster },
        },
    }.ToJsonString();

    public static string Event(string type, string obj) => $$"""{"type":"{{type}}","object":{{obj}}}""";

    public async ValueTask DisposeAsync()
    {
        _script.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static async Task WriteAsync(HttpContext ctx, int status, string json)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(json);
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        Requests.Enqueue($"{ctx.Request.Method} {ctx.Request.Path}{ctx.Request.QueryString}");
        using (var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8))
        {
            Bodies.Enqueue($"{ctx.Request.ContentType} {await reader.ReadToEndAsync(ctx.RequestAborted)}".Trim());
        }

        var authorization = ctx.Request.Headers.Authorization.ToString();
        Authorizations.Enqueue(authorization);
        if (!authorization.StartsWith("Bearer t0ken", StringComparison.Ordinal))
        {
            await WriteAsync(ctx, 401, """{"kind":"Status","code":401,"reason":"Unauthorized"}""");
            return;
        }

        // Unscripted requests wait (like an idle watch) until the test scripts an answer or the client gives up.
        try
        {
            var handler = await _script.Reader.ReadAsync(ctx.RequestAborted);
            await handler(ctx);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ChannelClosedException)
        {
        }
    }
}
