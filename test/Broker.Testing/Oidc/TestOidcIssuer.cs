using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Broker.Testing.Oidc;

/// <summary>
/// A small OIDC issuer on 127.0.0.1 for credential tests: the discovery document and a token endpoint that answers the
/// refresh-token grant with <see cref="NextIdToken"/> and a new refresh token (<c>r1</c>, <c>r2</c>, ...), remembering every
/// grant it was asked for. A refresh token it did not issue (nor was told of) is refused with <c>invalid_grant</c>.
/// </summary>
public sealed class TestOidcIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _grants = new();
    private readonly ConcurrentDictionary<string, bool> _refreshTokens = new(StringComparer.Ordinal);
    private int _issued;

    private TestOidcIssuer(WebApplication app) => _app = app;

    /// <summary>The issuer URL (<c>idp-issuer-url</c>), without a trailing slash.</summary>
    public string Url { get; private set; } = "";

    public string ClientId => "broker";

    public string ClientSecret => "broker-secret";

    /// <summary>The id_token the next refresh answers with.</summary>
    public string NextIdToken { get; set; } = "";

    /// <summary>The form fields of every token request, oldest first; the client's id and secret as <c>client_id</c> and
    /// <c>client_secret</c> however they were sent (HTTP Basic or the form).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Grants => [.. _grants];

    public static async Task<TestOidcIssuer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var issuer = new TestOidcIssuer(app);
        app.Urls.Add("http://127.0.0.1:0");
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new JsonObject
        {
            ["issuer"] = issuer.Url,
            ["token_endpoint"] = $"{issuer.Url}/token",
            ["authorization_endpoint"] = $"{issuer.Url}/authorize",
            ["response_types_supported"] = new JsonArray("code"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }));
        app.MapPost("/token", (Delegate)issuer.TokenAsync);
        await app.StartAsync(cancellationToken);
        issuer.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return issuer;
    }

    /// <summary>A refresh token the issuer honours, as if it had issued it at login.</summary>
    public string IssueRefreshToken(string token)
    {
        _refreshTokens[token] = true;
        return token;
    }

    /// <summary>An unsigned JWT whose <c>exp</c> is <paramref name="expires"/> (the broker reads, never verifies, id-tokens).</summary>
    public static string Jwt(DateTimeOffset expires) =>
        $"{Part("""{"alg":"none","typ":"JWT"}""")}.{Part($$"""{"iss":"test","sub":"me","exp":{{expires.ToUnixTimeSeconds()}}}""")}.c2ln";

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static string Part(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = (await context.Request.ReadFormAsync(context.RequestAborted)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        if (context.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
            form["client_id"] = Uri.UnescapeDataString(pair[0].Replace('+', ' '));
            form["client_secret"] = Uri.UnescapeDataString(pair[1].Replace('+', ' '));
        }

        _grants.Enqueue(form);
        if (form.GetValueOrDefault("grant_type") != "refresh_token" || !_refreshTokens.TryRemove(form.GetValueOrDefault("refresh_token") ?? "", out _))
        {
            return Results.Json(new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "unknown refresh token" }, statusCode: 400);
        }

        var refresh = IssueRefreshToken($"r{Interlocked.Increment(ref _issued)}");
        return Results.Json(new JsonObject
        {
            ["access_token"] = "access-" + refresh,
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["id_token"] = NextIdToken,
            ["refresh_token"] = refresh,
        });
    }
}
