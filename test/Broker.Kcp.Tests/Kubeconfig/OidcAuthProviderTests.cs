using System.Text;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Testing;
using Broker.Testing.Kubeconfigs;
using Broker.Testing.Oidc;

namespace Broker.Kcp.Tests.Kubeconfig;

/// <summary>
/// A kubeconfig user with the legacy <c>auth-provider: oidc</c> stanza against LocalKcp and a small OIDC issuer on
/// 127.0.0.1: the id-token is sent while it is valid, renewed with the refresh-token when it expires or the server rejects
/// it, and the new tokens are written back into the kubeconfig as kubectl does; and one clear line when it cannot be.
/// </summary>
[NonParallelizable]
public sealed class OidcAuthProviderTests
{
    private static readonly GroupVersionResource Namespaces = new("", "v1", "namespaces", Namespaced: false);
    private LocalKcpFixture _kcp = null!;
    private TestOidcIssuer _issuer = null!;
    private string _dir = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _kcp = await LocalKcpFixture.StartAsync();
        _issuer = await TestOidcIssuer.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _issuer.DisposeAsync();
        await _kcp.DisposeAsync();
    }

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("oidc-").FullName;
        _issuer.NextIdToken = _kcp.AdminToken;
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task Requests_IdTokenValid_SentWithoutAskingTheIssuer()
    {
        var grants = _issuer.Grants.Count;
        using var client = new KcpClient(KubeconfigLoader.Load([Kubeconfig(idToken: _kcp.AdminToken, refreshToken: _issuer.IssueRefreshToken("unused"))]));

        for (var i = 0; i < 3; i++)
        {
            await client.Cluster("root").ListAllAsync(Namespaces, null, null, CancellationToken.None);
        }

        _issuer.Grants.Count.ShouldBe(grants);
    }

    [Test]
    public async Task Request_IdTokenExpired_RenewedOnceAndWrittenBackToTheKubeconfig()
    {
        var refreshToken = _issuer.IssueRefreshToken("login-" + Guid.NewGuid().ToString("N"));
        var path = Kubeconfig(idToken: TestOidcIssuer.Jwt(DateTimeOffset.UtcNow.AddMinutes(-5)), refreshToken);
        var grants = _issuer.Grants.Count;
        using var client = new KcpClient(KubeconfigLoader.Load([path]));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.Cluster("root").ListAllAsync(Namespaces, null, null, CancellationToken.None)));
        await client.Cluster("root").ListAllAsync(Namespaces, null, null, CancellationToken.None);

        var grant = _issuer.Grants.Skip(grants).ShouldHaveSingleItem("one renewal serves every caller");
        (grant["grant_type"], grant["refresh_token"], grant["client_id"], grant["client_secret"]).ShouldBe(("refresh_token", refreshToken, _issuer.ClientId, _issuer.ClientSecret));
        var written = KubeconfigLoader.Load([path]).Credentials.Oidc.ShouldNotBeNull();
        written.IdToken.ShouldBe(_kcp.AdminToken);
        written.RefreshToken.ShouldNotBe(refreshToken);
        written.RefreshToken.ShouldStartWith("r");
        (written.Issuer, written.ClientId).ShouldBe((new Uri(_issuer.Url), _issuer.ClientId), "the rest of the stanza is kept");
    }

    [Test]
    public async Task Request_IdTokenRejected_RenewedAndRepeated()
    {
        // Not expired by its claim, but unknown to the server: the 401 renews it.
        var refreshToken = _issuer.IssueRefreshToken("login-" + Guid.NewGuid().ToString("N"));
        var grants = _issuer.Grants.Count;
        using var client = new KcpClient(KubeconfigLoader.Load([Kubeconfig(TestOidcIssuer.Jwt(DateTimeOffset.UtcNow.AddHours(1)), refreshToken)]));

        var list = await client.Cluster("root").ListAllAsync(Namespaces, null, null, CancellationToken.None);

        list.Items.ShouldNotBeEmpty();
        _issuer.Grants.Count.ShouldBe(grants + 1);
        client.CredentialHealth.Problem.ShouldBeNull();
    }

    [Test]
    public async Task Renew_KubeconfigCannotBeWritten_TokensUsedFromMemoryAndTheNoticeSaysWhy()
    {
        var path = Kubeconfig(TestOidcIssuer.Jwt(DateTimeOffset.UtcNow.AddMinutes(-5)), _issuer.IssueRefreshToken("login-" + Guid.NewGuid().ToString("N")));
        var grants = _issuer.Grants.Count;
        using var client = new KcpClient(KubeconfigLoader.Load([path]));
        var notices = new List<string>();
        using var subscription = client.CredentialHealth.Notices.Subscribe(notices.Add);
        File.Delete(path); // as if its mount went away; a read-only Secret mount fails the same way (not testable as root)

        await client.Cluster("root").ListAllAsync(Namespaces, null, null, CancellationToken.None);
        await client.Cluster("root").ListAllAsync(Namespaces, null, null, CancellationToken.None);

        _issuer.Grants.Count.ShouldBe(grants + 1, "the renewed token is kept");
        notices.ShouldHaveSingleItem().ShouldStartWith($"kubeconfig {path}: context 'kcp', user 'oidc': renewed OIDC tokens are used from memory; writing them to {path} failed: ");
        client.CredentialHealth.Problem.ShouldBeNull();
    }

    [TestCase("no-refresh-token", "auth-provider oidc: the id-token has expired or was rejected, and there is no refresh-token to renew it; log in again")]
    [TestCase("refresh-refused", "auth-provider oidc: issuer {issuer} did not renew the id-token: invalid_grant (unknown refresh token)")]
    [TestCase("issuer-unreachable", "auth-provider oidc: cannot read the discovery document of issuer http://127.0.0.1:{port}: ")]
    public async Task Request_CannotRenew_OneLineNamingKubeconfigContextAndCause(string how, string cause)
    {
        var port = FreePort.Next();
        var expired = TestOidcIssuer.Jwt(DateTimeOffset.UtcNow.AddMinutes(-1));
        var path = how switch
        {
            "no-refresh-token" => Kubeconfig(expired, refreshToken: null),
            "refresh-refused" => Kubeconfig(expired, refreshToken: "never-issued"),
            _ => Kubeconfig(expired, refreshToken: "r", issuer: $"http://127.0.0.1:{port}"),
        };
        var before = File.ReadAllText(path);
        using var client = new KcpClient(KubeconfigLoader.Load([path]));

        var error = await Should.ThrowAsync<KubeconfigException>(() => client.Cluster("root").ListAllAsync(Namespaces, null, null, CancellationToken.None));

        error.Message.ShouldNotContain("\n");
        error.Message.ShouldStartWith($"kubeconfig {path}: context 'kcp', user 'oidc': " + cause.Replace("{issuer}", _issuer.Url, StringComparison.Ordinal).Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        client.CredentialHealth.Problem.ShouldBe(error.Message);
        File.ReadAllText(path).ShouldBe(before, "nothing written when nothing was renewed");
    }

    [TestCase("name: gcp", "auth-provider 'gcp' is not supported; use an exec credential plugin (client.authentication.k8s.io/v1) instead")]
    [TestCase("name: oidc, config: {idp-issuer-url: 'https://issuer.example'}", "auth-provider oidc has no client-id")]
    [TestCase("name: oidc, config: {client-id: broker}", "auth-provider oidc has no idp-issuer-url")]
    [TestCase("name: oidc, config: {client-id: broker, idp-issuer-url: 'ftp://issuer.example'}", "auth-provider oidc: idp-issuer-url 'ftp://issuer.example' is not an http(s) URL")]
    public void Load_BadAuthProvider_OneLine(string stanza, string cause)
    {
        var path = Write($"auth-provider: {{{stanza}}}");

        Should.Throw<KubeconfigException>(() => KubeconfigLoader.Load([path])).Message.ShouldBe($"kubeconfig {path}: context 'kcp', user 'oidc': {cause}");
    }

    [Test]
    public void Load_ExecAndAuthProvider_OneLine()
    {
        var path = Write("exec: {apiVersion: client.authentication.k8s.io/v1, command: kubelogin}, auth-provider: {name: oidc, config: {client-id: broker, idp-issuer-url: 'https://issuer.example'}}");

        Should.Throw<KubeconfigException>(() => KubeconfigLoader.Load([path])).Message
            .ShouldBe($"kubeconfig {path}: context 'kcp', user 'oidc': has both exec and auth-provider; use one (client-go refuses the combination)");
    }

    private string Kubeconfig(string? idToken, string? refreshToken, string? issuer = null)
    {
        var config = new StringBuilder($"idp-issuer-url: '{issuer ?? _issuer.Url}', client-id: {_issuer.ClientId}, client-secret: {_issuer.ClientSecret}");
        if (idToken is not null)
        {
            config.Append($", id-token: '{idToken}'");
        }

        if (refreshToken is not null)
        {
            config.Append($", refresh-token: '{refreshToken}'");
        }

        return Write($"auth-provider: {{name: oidc, config: {{{config}}}}}");
    }

    private string Write(string user) => UserKubeconfig.Write(Path.Combine(_dir, "kubeconfig"), _kcp.BaseUrl.ToString(), _kcp.CaCertificatePem, user);
}
