using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Security;

namespace Broker.LocalKcp.Tests.Security;

/// <summary>Identities: users.csv tokens (kcp's shard-admin and kcp-admin, operator-added users), client certificates, SelfSubjectReview, home workspaces.</summary>
public sealed class AuthenticationTests : LocalKcpTestBase
{
    private static readonly JsonObject Review = new() { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "SelfSubjectReview" };

    [Test]
    public async Task UsersFile_HoldsKcpIdentities_AndEachTokenIsItsUser()
    {
        var entries = UsersFile.Parse(await File.ReadAllTextAsync(Path.Combine(Kcp.DataDirectory, TokenStore.FileName)));
        entries.Single(e => e.Name == "shard-admin").Groups.ShouldBe(["system:masters"]);
        entries.Single(e => e.Name == "kcp-admin").Groups.ShouldBe(["system:kcp:admin"]);

        (await WhoAmIAsync(Kcp.CreateHttpClient("clusters/root"))).ShouldBe(("shard-admin", "system:masters,system:authenticated"));
        (await WhoAmIAsync(Kcp.CreateHttpClient("clusters/root", Kcp.Server.KcpAdminToken))).ShouldBe(("kcp-admin", "system:kcp:admin,system:authenticated"));
    }

    [Test]
    public async Task AddedUser_IsAuthenticated_AndWrittenToTheUsersFile()
    {
        var token = Kcp.Server.Tokens.AddUser("alice", ["team-a", "team-b"]);
        Kcp.Server.Tokens.AddUser("alice", ["ignored"]).ShouldBe(token);
        (await WhoAmIAsync(Kcp.CreateHttpClient("clusters/root", token))).ShouldBe(("alice", "team-a,team-b,system:authenticated"));
        (await File.ReadAllTextAsync(Path.Combine(Kcp.DataDirectory, TokenStore.FileName))).ShouldContain($"{token},alice,alice,\"team-a,team-b\"");
    }

    [Test]
    public async Task UnknownOrMissingToken_Is401()
    {
        using var stranger = Kcp.CreateHttpClient("clusters/root", "not-a-token");
        (await SendAsync(stranger, HttpMethod.Get, "api/v1/namespaces")).Code.ShouldBe(HttpStatusCode.Unauthorized);
        using var anonymous = Kcp.CreateAnonymousHttpClient();
        (await SendAsync(anonymous, HttpMethod.Get, "clusters/root/api")).Code.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task ClientCertificate_CommonNameIsTheUser_OrganizationsAreGroups()
    {
        var (certificate, key) = Kcp.Server.IssueClientCertificate("carol", ["team-c", "ops"]);
        using var client = CertificateClient(X509Certificate2.CreateFromPem(certificate, key));
        (await WhoAmIAsync(client)).ShouldBe(("carol", "team-c,ops,system:authenticated"));
    }

    [Test]
    public async Task ClientCertificate_FromAnotherCa_Is401()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=mallory, O=system:masters", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var client = CertificateClient(X509Certificate2.CreateFromPem(selfSigned.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem()));
        (await SendAsync(client, HttpMethod.Post, "apis/authentication.k8s.io/v1/selfsubjectreviews", Review.DeepClone())).Code.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task HomeWorkspace_IsMadeOnFirstUse_OwnedByItsUser_AndClosedToOthers()
    {
        using var dave = Kcp.CreateHttpClient("clusters/root", Kcp.Server.Tokens.AddUser("dave", []));
        var home = await GetAsync(dave, "apis/tenancy.kcp.io/v1alpha1/workspaces/~");
        var url = new Uri(Str(home, "spec", "URL")!);
        url.AbsolutePath.ShouldBe($"/clusters/{Str(home, "spec", "cluster")}");
        (await GetAsync(dave, "apis/tenancy.kcp.io/v1alpha1/workspaces/~"))["spec"]!["URL"]!.GetValue<string>().ShouldBe(url.ToString().TrimEnd('/'));

        using var inHome = Kcp.CreateHttpClient(url.AbsolutePath.TrimStart('/'), Kcp.Server.Tokens.Token("dave"));
        await CreateAsync(inHome, "api/v1/namespaces/default/configmaps", ConfigMap("mine"));
        (await GetAsync(inHome, "api")).ShouldNotBeNull();

        using var erin = Kcp.CreateHttpClient(url.AbsolutePath.TrimStart('/'), Kcp.Server.Tokens.AddUser("erin", []));
        var (code, body) = await SendAsync(erin, HttpMethod.Get, "api/v1/namespaces/default/configmaps/mine");
        code.ShouldBe(HttpStatusCode.Forbidden);
        Str(body, "message").ShouldBe("configmaps \"mine\" is forbidden: User \"erin\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"default\": access denied");
    }

    private HttpClient CertificateClient(X509Certificate2 certificate)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (s, c, ch, e) => CertificateTrust.TrustOnly(Kcp.CaCertificate)(s, c, ch, e),
                ClientCertificates = [X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null)],
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(Kcp.BaseUrl, "clusters/root/") };
    }

    private static async Task<(string, string)> WhoAmIAsync(HttpClient client)
    {
        var review = await CreateAsync(client, "apis/authentication.k8s.io/v1/selfsubjectreviews", Review.DeepClone());
        var groups = review["status"]!["userInfo"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>());
        return (Str(review, "status", "userInfo", "username")!, string.Join(',', groups));
    }
}
