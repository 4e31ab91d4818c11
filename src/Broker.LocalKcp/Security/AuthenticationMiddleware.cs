using Broker.LocalKcp.Api;
using Microsoft.AspNetCore.Http;

namespace Broker.LocalKcp.Security;

/// <summary>
/// Authenticates every request by bearer token (users.csv) or client certificate (CN/O) and records the
/// <see cref="UserInfo"/> as a request feature; anything else gets a 401 Status. Health endpoints stay open.
/// </summary>
public sealed class AuthenticationMiddleware(RequestDelegate next, TokenStore tokens, ClientCertificateAuthenticator certificates)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path is "/healthz" or "/livez" or "/readyz")
        {
            await next(context);
            return;
        }

        if (Authenticate(context) is { } user)
        {
            context.Features.Set(user);
            await next(context);
            return;
        }

        await ResponseWriter.WriteStatusAsync(context, new StatusException(401, "Unauthorized", "Unauthorized"));
    }

    private UserInfo? Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && tokens.Authenticate(header[prefix.Length..].Trim()) is { } user)
        {
            return user;
        }

        return context.Connection.ClientCertificate is { } certificate ? certificates.Authenticate(certificate) : null;
    }
}
