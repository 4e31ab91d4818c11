using System.Globalization;
using Broker.Core.Api.Meta;
using Broker.Kcp.Http;
using Broker.Kcp.Kubeconfig;
using Broker.Kcp.Models;
using Broker.Testing;
using Broker.Testing.Kubeconfigs;
using Broker.Testing.Tools;

namespace Broker.Kcp.Tests.Kubeconfig;

/// <summary>
/// A kubeconfig user with an exec credential plugin (a shell script that hands out LocalKcp's token, counts its runs and
/// says when the token expires), through KubernetesClient's ExecCredential handling: cached until it expires, run again
/// after a 401, and one clear error naming the kubeconfig, context, user and command when it cannot give a token.
/// </summary>
[NonParallelizable]
public sealed class ExecCredentialTests
{
    private static readonly GroupVersionResource Namespaces = new("", "v1", "namespaces", Namespaced: false);
    private static readonly GroupVersionResource SelfSubjectReviews = new("authentication.k8s.io", "v1", "selfsubjectreviews", Namespaced: false);
    private LocalKcpFixture _kcp = null!;
    private string _dir = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _kcp = await LocalKcpFixture.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _kcp.DisposeAsync();

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("exec-plugin-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task Requests_TokenValid_PluginRunsOnceForMany()
    {
        var connection = KubeconfigLoader.Load([Kubeconfig(Plugin(_kcp.AdminToken, DateTimeOffset.UtcNow.AddHours(1)))]);
        using var client = new KcpClient(connection);

        for (var i = 0; i < 5; i++)
        {
            await client.Cluster("root").ListAllAsync(Namespaces, null, null, CancellationToken.None);
        }

        Runs().ShouldBe(1);
        connection.Credentials.Exec.ShouldNotBeNull().Execution.Command.ShouldEndWith("plugin.sh");
    }

    [Test]
    public async Task Requests_TokenExpiring_PluginRunsAgain()
    {
        // Inside the minute before expiry the token is refreshed before use, as client-go does.
        using var client = new KcpClient(KubeconfigLoader.Load([Kubeconfig(Plugin(_kcp.AdminToken, DateTimeOffset.UtcNow.AddSeconds(30)))]));

        await client.Cluster("root").ListAllAsync(Namespaces, null, null, CancellationToken.None);
        await client.Cluster("root").ListAllAsync(Namespaces, null, null, CancellationToken.None);

        Runs().ShouldBe(2);
    }

    [Test]
    public async Task Request_TokenRejected_PluginRunsAgainAndTheRequestIsRepeated()
    {
        // The first run hands out a stale token (the server answers 401), the second the right one.
        var plugin = Plugin(_kcp.AdminToken, expires: null, firstToken: "stale-token");
        using var client = new KcpClient(KubeconfigLoader.Load([Kubeconfig(plugin)]));

        var list = await client.Cluster("root").ListAllAsync(Namespaces, null, null, CancellationToken.None);

        list.Items.ShouldNotBeEmpty();
        Runs().ShouldBe(2);
    }

    [TestCase("missing", "exec plugin '{dir}/absent.sh': cannot be started: An error occurred trying to start process '{dir}/absent.sh'")]
    [TestCase("fails", "exec plugin '{dir}/plugin.sh': exited with code 3: login required: run kubelogin")]
    [TestCase("not-json", "exec plugin '{dir}/plugin.sh': printed no ExecCredential JSON ('this is not JSON ' is an invalid JSON literal)")]
    [TestCase("no-token", "exec plugin '{dir}/plugin.sh': printed neither status.token nor status.clientCertificateData with clientKeyData")]
    [TestCase("half-certificate", "exec plugin '{dir}/plugin.sh': printed clientCertificateData without clientKeyData, or the other way round")]
    [TestCase("bad-certificate", "exec plugin '{dir}/plugin.sh': printed an unreadable client certificate or key: ")]
    public async Task Request_PluginCannotGiveAToken_OneErrorNamingKubeconfigContextUserAndCommand(string how, string cause)
    {
        var plugin = how switch
        {
            "missing" => Path.Combine(_dir, "absent.sh"),
            "fails" => Script("echo 'login required: run kubelogin' >&2; exit 3"),
            "not-json" => Script("echo 'this is not JSON'"),
            "half-certificate" => Script("""echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"x"}}'"""),
            "bad-certificate" => Script("""echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"x","clientKeyData":"y"}}'"""),
            _ => Script("""echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}}'"""),
        };
        var kubeconfig = Kubeconfig(plugin);
        using var client = new KcpClient(KubeconfigLoader.Load([kubeconfig]));

        var error = await Should.ThrowAsync<KubeconfigException>(() => client.Cluster("root").ListAllAsync(Namespaces, null, null, CancellationToken.None));

        error.Message.ShouldStartWith($"kubeconfig {kubeconfig}: context 'kcp', user 'oidc': " + cause.Replace("{dir}", _dir, StringComparison.Ordinal));
        error.Message.ShouldNotContain("\n");
    }

    [Test]
    public async Task Requests_PluginGivesAClientCertificate_AuthenticatedAsItsSubject()
    {
        var (certificate, key) = _kcp.Server.IssueClientCertificate("exec-cert-user", ["exec-group"]);
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "client.authentication.k8s.io/v1",
            ["kind"] = "ExecCredential",
            ["status"] = new System.Text.Json.Nodes.JsonObject { ["clientCertificateData"] = certificate, ["clientKeyData"] = key },
        };
        await File.WriteAllTextAsync(Path.Combine(_dir, "credential.json"), json.ToJsonString());
        using var client = new KcpClient(KubeconfigLoader.Load([Kubeconfig(Script($"echo run >> '{_dir}/runs'; cat '{_dir}/credential.json'"))]));

        var review = await client.Cluster("root").CreateAsync(SelfSubjectReviews, null, new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["kind"] = "SelfSubjectReview",
        }, CancellationToken.None);

        ((string?)review["status"]?["userInfo"]?["username"]).ShouldBe("exec-cert-user");
        review["status"]!["userInfo"]!["groups"]!.AsArray().Select(g => (string?)g).ShouldContain("exec-group");
        Runs().ShouldBe(1);
    }

    [Test]
    public void Load_ExecWithoutCommand_Rejected()
    {
        var kubeconfig = Kubeconfig(command: null);

        Should.Throw<KubeconfigException>(() => KubeconfigLoader.Load([kubeconfig])).Message
            .ShouldBe($"kubeconfig {kubeconfig}: context 'kcp', user 'oidc': exec has no command");
    }

    private int Runs() => File.Exists(Path.Combine(_dir, "runs")) ? File.ReadAllLines(Path.Combine(_dir, "runs")).Length : 0;

    // Prints an ExecCredential with the token (the first run may print another), and counts its runs in <dir>/runs.
    private string Plugin(string token, DateTimeOffset? expires, string? firstToken = null)
    {
        var expiry = expires is { } at ? $",\"expirationTimestamp\":\"{at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}\"" : "";
        var first = firstToken ?? token;
        var json = "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"%s\"" + expiry + "}}";
        return Script($$"""
            echo run >> '{{_dir}}/runs'
            if [ "$(wc -l < '{{_dir}}/runs')" -eq 1 ]; then t='{{first}}'; else t='{{token}}'; fi
            printf '{{json}}' "$t"
            """);
    }

    private string Script(string body) => ShellScript.Write(Path.Combine(_dir, "plugin.sh"), body);

    private string Kubeconfig(string? command) => UserKubeconfig.Write(
        Path.Combine(_dir, "kubeconfig"), _kcp.BaseUrl.ToString(), _kcp.CaCertificatePem,
        $"exec: {{apiVersion: client.authentication.k8s.io/v1, {(command is null ? "" : $"command: {command}, ")}interactiveMode: Never}}");
}
