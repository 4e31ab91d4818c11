using Microsoft.AspNetCore.Http;
using Broker.LocalKcp.Storage;

namespace Broker.LocalKcp.Hosting;

/// <summary>
/// A write is acknowledged only once it is in the store files: the response of every mutating request waits, just
/// before its headers go out, until the request's own writes are committed (the stores commit in groups, so
/// concurrent writers share one commit). A request that wrote nothing waits for every change made so far, since what
/// it answers may rest on them.
/// </summary>
internal static class DurableAcknowledgement
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next, ControlPlane? plane)
    {
        if (plane is { Options.Ephemeral: false } && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method))
        {
            return NotingAsync(context, next, plane);
        }

        return next(context);
    }

    // Async so that the noting ends with the request: the ambient value is set inside this call's own flow.
    private static async Task NotingAsync(HttpContext context, RequestDelegate next, ControlPlane plane)
    {
        var writes = RequestWrites.Begin();
        context.Response.OnStarting(() => writes.IsEmpty ? plane.WhenDurableAsync(context.RequestAborted) : writes.WhenDurableAsync(context.RequestAborted));
        await next(context);
    }
}
