using Broker.LocalKcp.Api;
using Microsoft.AspNetCore.Http;

namespace Broker.LocalKcp.Security;

/// <summary>Bearer-token authentication: unknown or missing tokens get a 401 Status; health endpoints stay open.</summary>
public sealed class TokenAuthenticationMiddleware(RequestDelegate next, TokenStore tokens)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path is "/healthz" or "/livez" or "/readyz")
        {
            await next(context);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && tokens.IsValid(header.AsSpan(prefix.Length).Trim()))
        {
            await next(context);
            return;
        }

        await ResponseWriter.WriteStatusAsync(context, new StatusException(401, "Unauthorized", "Unauthorized"));
    }
}
