using System.Globalization;
using System.Net;
using System.Text;
using Broker.Demo;
using Broker.Hosting;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Testing;
using Broker.Testing.Kubeconfigs;
using Broker.Testing.Logging;
using Broker.Testing.Metrics;
using Broker.Testing.Oidc;
using Broker.Testing.Tools;
using Microsoft.Extensions.Logging;

namespace Broker.E2E.Tests.Run;

/// <summary>
/// <c>broker run</c> with the kubeconfig a platform team already has: a user whose exec credential plugin (here a script
/// handing out LocalKcp's token, counting its runs) logs in; and the bad ones (plugin missing or failing, a token the
/// server rejects, a CA that does not sign the server) ending the process at once with exit 1 and one line naming the
/// kubeconfig, the context and the cause.
/// </summary>
[NonParallelizable]
public sealed class RunCredentialsTests
{
    private LocalKcpFixture _kcp = null!;
    private string _dir = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _kcp = await LocalKcpFixture.StartAsync();
        using var client = new KcpClient(KubeconfigLoader.Load([_kcp.KubeconfigPath]));
        await DemoEnvironment.SetUpPlatformAsync(client, new DemoOptions(), CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task OneTimeTearDown() => await _kcp.DisposeAsync();

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("broker-credentials-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task Run_ExecPlugin_LogsInAndBrokers()
    {
        var plugin = Script($"""
            echo run >> '{_dir}/runs'
            printf '{ExecCredential(_kcp.AdminToken)}'
            """);
        using var broker = BrokerReplica.Start("exec", "--kubeconfig", Kubeconfig($"exec: {{apiVersion: client.authentication.k8s.io/v1, command: {plugin}}}"));

        await Eventually.UntilAsync("the broker ready", async () => !broker.HasExited && (await broker.ProbeAsync("/readyz")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        await Eventually.UntilAsync("the broker's log says it brokers", () => broker.Output.Contains("Caches synced; brokering", StringComparison.Ordinal)); // the console logger writes a moment later
        File.ReadAllLines(Path.Combine(_dir, "runs")).Length.ShouldBe(1); // one login for every informer and writer
    }

    [Test]
    public async Task Run_OidcAuthProviderWithExpiredIdToken_RenewsLogsInAndWritesTheTokensBack()
    {
        await using var issuer = await TestOidcIssuer.StartAsync();
        issuer.NextIdToken = _kcp.AdminToken;
        var refreshToken = issuer.IssueRefreshToken("login");
        var kubeconfig = Kubeconfig($"auth-provider: {{name: oidc, config: {{idp-issuer-url: '{issuer.Url}', client-id: {issuer.ClientId}, client-secret: {issuer.ClientSecret}, id-token: '{TestOidcIssuer.Jwt(DateTimeOffset.UtcNow.AddMinutes(-5))}', refresh-token: {refreshToken}}}}}");
        using var broker = BrokerReplica.Start("oidc", "--kubeconfig", kubeconfig);

        await Eventually.UntilAsync("the broker ready", async () => !broker.HasExited && (await broker.ProbeAsync("/readyz")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        issuer.Grants.ShouldHaveSingleItem(broker.ToString())["refresh_token"].ShouldBe(refreshToken, "one renewal for every informer and writer");
        var written = KubeconfigLoader.Load([kubeconfig]).Credentials.Oidc.ShouldNotBeNull();
        (written.IdToken, written.RefreshToken).ShouldBe((_kcp.AdminToken, "r1"));
    }

    [TestCase("missing")]
    [TestCase("fails")]
    [TestCase("rejected")]
    [TestCase("wrong-ca")]
    [TestCase("oidc-expired")]
    [TestCase("oidc-issuer-down")]
    public async Task Run_BadCredentials_ExitsOneWithOneLine(string how)
    {
        var kubeconfig = how switch
        {
            "missing" => Kubeconfig($"exec: {{apiVersion: client.authentication.k8s.io/v1, command: {_dir}/absent}}"),
            "fails" => Kubeconfig($"exec: {{apiVersion: client.authentication.k8s.io/v1, command: {Script("echo 'token expired: run kubelogin' >&2; exit 1")}}}"),
            "rejected" => Kubeconfig("token: expired-token"),
            "oidc-expired" => Kubeconfig($"auth-provider: {{name: oidc, config: {{idp-issuer-url: 'http://127.0.0.1:{FreePort.Next()}', client-id: broker, id-token: '{TestOidcIssuer.Jwt(DateTimeOffset.UtcNow.AddHours(-1))}'}}}}"),
            "oidc-issuer-down" => Kubeconfig($"auth-provider: {{name: oidc, config: {{idp-issuer-url: 'http://127.0.0.1:{FreePort.Next()}', client-id: broker, id-token: '{TestOidcIssuer.Jwt(DateTimeOffset.UtcNow.AddHours(-1))}', refresh-token: r}}}}"),
            _ => Kubeconfig("token: " + _kcp.AdminToken, ca: OtherCa()),
        };

        var (exitCode, stdout, stderr) = await BrokerProcess.RunAsync("run", "--kubeconfig", kubeconfig, "--metrics-address", "0", "--health-address", "0");

        exitCode.ShouldBe(1);
        stdout.ShouldBeEmpty();
        var line = stderr.TrimEnd();
        line.ShouldNotContain("\n");
        var context = $"broker run: kubeconfig {kubeconfig}: context 'kcp'";
        line.ShouldStartWith(context);
        line[context.Length..].ShouldStartWith(how switch
        {
            "missing" => $", user 'oidc': exec plugin '{_dir}/absent': cannot be started",
            "fails" => $", user 'oidc': exec plugin '{_dir}/plugin.sh': exited with code 1: token expired: run kubelogin",
            "rejected" => $": {_kcp.BaseUrl} rejected the credentials (401 Unauthorized",
            "oidc-expired" => ", user 'oidc': auth-provider oidc: the id-token has expired or was rejected, and there is no refresh-token to renew it; log in again",
            "oidc-issuer-down" => ", user 'oidc': auth-provider oidc: cannot read the discovery document of issuer http://127.0.0.1:",
            _ => $": cannot reach {_kcp.BaseUrl}: its TLS certificate is not trusted (check the cluster's certificate-authority)",
        });
    }

    [Test]
    public async Task Running_TokenFileRotatedToABadTokenAndBack_WarnsOnceGaugeAndProblemThenRecovers()
    {
        var tokenFile = Path.Combine(_dir, "token");
        await File.WriteAllTextAsync(tokenFile, _kcp.AdminToken);
        var kubeconfig = Kubeconfig($"tokenFile: {tokenFile}");
        var time = new Broker.Testing.Time.FakeClock();
        using var client = new KcpClient(KubeconfigLoader.Load([kubeconfig]), time: time);
        await using var metrics = await ScrapedMeter.StartAsync();
        var logger = new RecordingLogger();
        using var reporting = new CredentialReporting(client.CredentialHealth, metrics.Meter, logger);
        async Task<double?> Gauge() => (await metrics.ScrapeAsync()).Value("resource_broker_credentials_failing");
        Task ReadAsync() => client.Workspace.GetAsync(Broker.Kcp.Models.LogicalCluster.Resource, null, "cluster", CancellationToken.None);

        await ReadAsync();
        (await Gauge()).ShouldBe(0);

        await File.WriteAllTextAsync(tokenFile, "rotated-to-a-bad-token");
        time.Advance(TimeSpan.FromMinutes(1)); // the file is read again once a minute
        for (var i = 0; i < 3; i++)
        {
            (await Should.ThrowAsync<KubeApiException>(ReadAsync)).StatusCode.ShouldBe(401);
        }

        reporting.Problem.ShouldBe($"kubeconfig {kubeconfig}: context 'kcp': {_kcp.BaseUrl} rejected the credentials (401 Unauthorized: expired or unknown token or certificate)");
        logger.At(LogLevel.Warning).ShouldHaveSingleItem().ShouldBe($"The credential stopped working: {reporting.Problem}; requests to kcp fail until it works again");
        (await Gauge()).ShouldBe(1);

        await File.WriteAllTextAsync(tokenFile, _kcp.AdminToken);
        await ReadAsync(); // no wait: a 401 makes the file due again

        reporting.Problem.ShouldBeNull();
        logger.At(LogLevel.Information).ShouldBe(["The credential works again"]);
        (await Gauge()).ShouldBe(0);
    }

    [Test]
    public async Task Running_ServerStartsRejectingTheCredential_ReadyzAndGaugeSayWhyThenRecover()
    {
        // A server that revoked the token answers the broker's next request 401: here LocalKcp answers the broker's lease
        // renewals (every 250 ms; the renew deadline is far) with 401 until the fault is cleared.
        var lease = "broker-" + Guid.NewGuid().ToString("N")[..8];
        var kubeconfig = Kubeconfig("token: " + _kcp.AdminToken);
        using var broker = BrokerReplica.Start(
            "revoked", "--kubeconfig", kubeconfig, "--leader-elect", "--leader-elect-lease-name", lease,
            "--leader-elect-lease-duration", "60s", "--leader-elect-renew-deadline", "50s", "--leader-elect-retry-period", "250ms");
        try
        {
            await Eventually.UntilAsync("the broker leads and is ready", async () => !broker.HasExited && await broker.LeaderGaugeAsync() == 1 && (await broker.ProbeAsync("/readyz")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            (await broker.GaugeAsync("resource_broker_credentials_failing")).ShouldBe(0);

            _kcp.Server.Faults.Set(new Broker.LocalKcp.Faults.FaultSettings(ErrorRate: 1, Status: 401, PathContains: $"/leases/{lease}"));

            var problem = $"kubeconfig {kubeconfig}: context 'kcp': {_kcp.BaseUrl} rejected the credentials (401 Unauthorized: expired or unknown token or certificate)";
            await Eventually.UntilAsync("/readyz says the credential is rejected", async () => await broker.ProbeAsync("/readyz") is { Status: HttpStatusCode.ServiceUnavailable } r && r.Body.Contains(problem, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            (await broker.GaugeAsync("resource_broker_credentials_failing")).ShouldBe(1);

            _kcp.Server.Faults.Clear();

            await Eventually.UntilAsync("the broker ready again", async () => (await broker.ProbeAsync("/readyz")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
            (await broker.GaugeAsync("resource_broker_credentials_failing")).ShouldBe(0);
            broker.HasExited.ShouldBeFalse(broker.ToString());
            broker.Output.ShouldContain($"The credential stopped working: {problem}");
        }
        finally
        {
            _kcp.Server.Faults.Clear();
        }
    }

    [Test]
    public async Task Reporting_Notice_WarnsWithoutFailing()
    {
        var health = new CredentialHealth();
        await using var metrics = await ScrapedMeter.StartAsync();
        var logger = new RecordingLogger();
        using var reporting = new CredentialReporting(health, metrics.Meter, logger);

        health.Notice("kubeconfig k: context 'kcp', user 'oidc': renewed OIDC tokens are used from memory; writing them to k failed: read-only");

        logger.At(LogLevel.Warning).ShouldBe(["kubeconfig k: context 'kcp', user 'oidc': renewed OIDC tokens are used from memory; writing them to k failed: read-only"]);
        reporting.Problem.ShouldBeNull();
        (await metrics.ScrapeAsync()).Value("resource_broker_credentials_failing").ShouldBe(0);
    }

    private static string ExecCredential(string token)
    {
        var expires = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" + token + "\",\"expirationTimestamp\":\"" + expires + "\"}}";
    }

    private string Script(string body) => ShellScript.Write(Path.Combine(_dir, "plugin.sh"), body);

    // A CA LocalKcp's certificate does not chain to.
    private static string OtherCa()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=other-ca", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return cert.ExportCertificatePem();
    }

    private string Kubeconfig(string user, string? ca = null) =>
        UserKubeconfig.Write(Path.Combine(_dir, "kubeconfig"), $"{_kcp.BaseUrl}clusters/root:platform", ca ?? _kcp.CaCertificatePem, user);
}
