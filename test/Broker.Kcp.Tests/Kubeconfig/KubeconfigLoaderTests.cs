using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Broker.Kcp.Kubeconfig;

namespace Broker.Kcp.Tests.Kubeconfig;

public sealed class KubeconfigLoaderTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("kubeconfig-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Load_WorkspaceServerWithInlineData_SplitsRootAndWorkspace()
    {
        var (cert, key) = SelfSigned();
        var file = Write("config", $$"""
            apiVersion: v1
            kind: Config
            current-context: root
            clusters:
            - name: root
              cluster:
                server: https://127.0.0.1:6443/clusters/root:org
                certificate-authority-data: {{B64(cert)}}
            users:
            - name: admin
              user:
                client-certificate-data: {{B64(cert)}}
                client-key-data: {{B64(key)}}
            contexts:
            - name: root
              context: {cluster: root, user: admin, namespace: team}
            """);

        var connection = KubeconfigLoader.Load([file]);

        connection.Server.ShouldBe(new Uri("https://127.0.0.1:6443/"));
        connection.Workspace!.Value.Value.ShouldBe("root:org");
        connection.Namespace.ShouldBe("team");
        connection.Credentials.CertificateAuthorityPem.ShouldBe(cert);
        connection.Credentials.ClientKeyPem.ShouldBe(key);
        connection.Credentials.BearerToken.ShouldBeNull();
    }

    [Test]
    public void Load_FilePathsRelativeToKubeconfig_ReadsFilesAndTokenFile()
    {
        var (cert, _) = SelfSigned();
        Write("certs/ca.crt", cert);
        Write("token", "s3cret\n");
        var file = Write("sub/../config", """
            current-context: c
            clusters: [{name: k, cluster: {server: "http://localhost:8080", certificate-authority: certs/ca.crt}}]
            users: [{name: u, user: {tokenFile: token}}]
            contexts: [{name: c, context: {cluster: k, user: u}}]
            """);

        var connection = KubeconfigLoader.Load([file]);

        connection.Workspace.ShouldBeNull();
        connection.Server.ShouldBe(new Uri("http://localhost:8080/"));
        connection.Credentials.BearerToken.ShouldBe("s3cret");
        connection.Credentials.CertificateAuthorityPem.ShouldBe(cert);
    }

    [Test]
    public void Load_TokenAndTokenFile_InlineTokenWins()
    {
        var file = Write("config", """
            current-context: c
            clusters: [{name: k, cluster: {server: "https://h", insecure-skip-tls-verify: true}}]
            users: [{name: u, user: {token: inline, tokenFile: /does/not/exist}}]
            contexts: [{name: c, context: {cluster: k, user: u}}]
            """);

        var connection = KubeconfigLoader.Load([file]);

        connection.Credentials.BearerToken.ShouldBe("inline");
        connection.Credentials.InsecureSkipTlsVerify.ShouldBeTrue();
        connection.Credentials.ToString().ShouldNotContain("inline");
    }

    [Test]
    public void Load_SeveralFiles_FirstDefinitionWinsAndContextsMerge()
    {
        var first = Write("a", """
            current-context: from-b
            clusters: [{name: shared, cluster: {server: "https://first"}}]
            """);
        var second = Write("b", """
            current-context: ignored
            clusters: [{name: shared, cluster: {server: "https://second"}}]
            users: [{name: u, user: {token: t}}]
            contexts: [{name: from-b, context: {cluster: shared, user: u}}]
            """);

        var connection = KubeconfigLoader.Load([first, second]);

        connection.Server.ShouldBe(new Uri("https://first/"));
        connection.Credentials.BearerToken.ShouldBe("t");
    }

    [Test]
    public void Load_ExplicitContext_OverridesCurrentContext()
    {
        var file = Write("config", """
            current-context: a
            clusters: [{name: a, cluster: {server: "https://a"}}, {name: b, cluster: {server: "https://b/clusters/*"}}]
            contexts: [{name: a, context: {cluster: a}}, {name: b, context: {cluster: b}}]
            """);

        var connection = KubeconfigLoader.Load([file], context: "b");

        connection.Server.ShouldBe(new Uri("https://b/"));
        connection.Workspace!.Value.IsWildcard.ShouldBeTrue();
    }

    [Test]
    public void SearchPaths_KubeconfigVariableWithSeveralFiles_SplitsOnPathSeparator()
    {
        var value = $"/a/one{Path.PathSeparator}{Path.PathSeparator}/b/two";

        KubeconfigLoader.SearchPaths(value, "/home/me").ShouldBe(["/a/one", "/b/two"]);
        KubeconfigLoader.SearchPaths(null, "/home/me").ShouldBe([Path.Combine("/home/me", ".kube", "config")]);
    }

    [Test]
    public void Load_MissingFilesSkippedForKubeconfigList_UsesTheOthers()
    {
        var file = Write("config", """
            current-context: c
            clusters: [{name: k, cluster: {server: "https://h"}}]
            contexts: [{name: c, context: {cluster: k}}]
            """);

        KubeconfigLoader.Load([Path.Combine(_dir, "nope"), file], skipMissing: true).Server.ShouldBe(new Uri("https://h/"));
        Should.Throw<KubeconfigException>(() => KubeconfigLoader.Load([Path.Combine(_dir, "nope"), file]))
            .Message.ShouldContain("nope: file not found");
    }

    [TestCase("current-context: c\ncontexts: [{name: other, context: {cluster: k}}]", "context 'c' (current-context of")]
    [TestCase("contexts: [{name: c, context: {cluster: k}}]", "no current-context")]
    [TestCase("current-context: c\ncontexts: [{name: c, context: {cluster: k}}]", "cluster 'k' not found")]
    [TestCase("current-context: c\nclusters: [{name: k, cluster: {}}]\ncontexts: [{name: c, context: {cluster: k}}]", "cluster 'k' has no server")]
    [TestCase("current-context: c\nclusters: [{name: k, cluster: {server: 'ftp://x'}}]\ncontexts: [{name: c, context: {cluster: k}}]", "is not an http(s) URL")]
    [TestCase("current-context: c\nclusters: [{name: k, cluster: {server: 'https://x'}}]\ncontexts: [{name: c, context: {cluster: k, user: u}}]", "user 'u' not found")]
    [TestCase("current-context: c\nclusters: [{name: k, cluster: {server: 'https://x'}}]\nusers: [{name: u, user: {tokenFile: missing}}]\ncontexts: [{name: c, context: {cluster: k, user: u}}]", "tokenFile")]
    [TestCase("current-context: c\nclusters: [{name: k, cluster: {server: 'https://x', certificate-authority-data: '***'}}]\ncontexts: [{name: c, context: {cluster: k}}]", "certificate-authority-data is not valid base64")]
    [TestCase("current-context: c\nclusters: [{name: k, cluster: {server: 'https://x', certificate-authority-data: 'aGVsbG8='}}]\ncontexts: [{name: c, context: {cluster: k}}]", "holds no PEM certificate")]
    [TestCase("clusters: [ {", "not valid YAML")]
    public void Load_BrokenKubeconfig_ErrorNamesFileAndMissingPiece(string yaml, string expected)
    {
        var file = Write("broken", yaml);

        var error = Should.Throw<KubeconfigException>(() => KubeconfigLoader.Load([file]));

        error.Message.ShouldContain(file);
        error.Message.ShouldContain(expected);
    }

    [Test]
    public void Load_ClientCertificateWithoutKey_ErrorNamesUserAndKey()
    {
        var (cert, _) = SelfSigned();
        var file = Write("config", $$$"""
            current-context: c
            clusters: [{name: k, cluster: {server: "https://h"}}]
            users: [{name: admin, user: {client-certificate-data: {{{B64(cert)}}}}}]
            contexts: [{name: c, context: {cluster: k, user: admin}}]
            """);

        var error = Should.Throw<KubeconfigException>(() => KubeconfigLoader.Load([file]));

        error.Message.ShouldContain("user 'admin'");
        error.Message.ShouldContain("no client-key(-data)");
    }

    private string Write(string name, string content)
    {
        var path = Path.GetFullPath(Path.Combine(_dir, name));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static (string Cert, string Key) SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.Now.AddDays(-1), DateTimeOffset.Now.AddDays(1));
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
