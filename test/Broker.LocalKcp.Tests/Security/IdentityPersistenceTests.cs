using System.Net;
using Broker.LocalKcp.Hosting;
using Microsoft.Data.Sqlite;

namespace Broker.LocalKcp.Tests.Security;

/// <summary>Identities survive a restart on the same data directory: users.csv tokens, home workspaces and their workspace-admin binding.</summary>
public sealed class IdentityPersistenceTests : LocalKcpTestBase
{
    [Test]
    public async Task Restart_KeepsTokensHomeWorkspacesAndTheirAdmins()
    {
        var directory = Path.Combine(Path.GetTempPath(), "localkcp-identities-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            string alice, kcpAdmin, home;
            await using (var first = new LocalKcpServer(new LocalKcpOptions { Port = 0, DataDirectory = directory }))
            {
                await first.StartAsync(Timeout);
                (alice, kcpAdmin) = (first.Tokens.AddUser("alice", ["team-a"]), first.KcpAdminToken);
                using var root = first.CreateHttpClient("clusters/root", alice);
                home = new Uri(Str(await GetAsync(root, "apis/tenancy.kcp.io/v1alpha1/workspaces/~"), "spec", "URL")!).AbsolutePath.TrimStart('/');
                using var inHome = first.CreateHttpClient(home, alice);
                await CreateAsync(inHome, "api/v1/namespaces/default/configmaps", ConfigMap("mine"));
            }

            await using var second = new LocalKcpServer(new LocalKcpOptions { Port = 0, DataDirectory = directory });
            await second.StartAsync(Timeout);
            second.KcpAdminToken.ShouldBe(kcpAdmin);
            using var again = second.CreateHttpClient("clusters/root", alice);
            new Uri(Str(await GetAsync(again, "apis/tenancy.kcp.io/v1alpha1/workspaces/~"), "spec", "URL")!).AbsolutePath.TrimStart('/').ShouldBe(home);
            using var homeAgain = second.CreateHttpClient(home, alice);
            (await SendAsync(homeAgain, HttpMethod.Get, "api/v1/namespaces/default/configmaps/mine")).Code.ShouldBe(HttpStatusCode.OK);
            using var stranger = second.CreateHttpClient(home, second.Tokens.AddUser("mallory", []));
            (await SendAsync(stranger, HttpMethod.Get, "api/v1/namespaces/default/configmaps/mine")).Code.ShouldBe(HttpStatusCode.Forbidden);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
