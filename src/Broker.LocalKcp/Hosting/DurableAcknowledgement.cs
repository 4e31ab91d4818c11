using Microsoft.AspNetCore.Http;

namespace Broker.LocalKcp.Hosting;

/// <summary>
/// A write is acknowledged only once it is in the store files: the response of every mutating request waits, just
/// before its headers go out, until the changes made so far are committed (the stores commit in groups, so
/// concurrent writers share one commit).
/// </summary>
internal static class DurableAcknowledgement
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next, ControlPlane? plane)
    {
        if (plane is { Options.Ephemeral: false } && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method))
        {
            context.Response.OnStarting(() => plane.WhenDurableAsync(context.RequestAborted));
        }

        return next(context);
    }
}
