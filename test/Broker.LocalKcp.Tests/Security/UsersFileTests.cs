using Broker.LocalKcp.Security;

namespace Broker.LocalKcp.Tests.Security;

public sealed class UsersFileTests
{
    [Test]
    public void Parse_ReadsTokenAuthFileLines_WithQuotedGroups_AndSkipsComments()
    {
        var entries = UsersFile.Parse("# comment\n\nt1,alice,uid-1,\"team-a, team-b\"\nt2,bob,uid-2\nt3,carol,uid-3,ops\n");
        entries.Select(e => (e.Token, e.Name, e.Uid, string.Join('|', e.Groups))).ShouldBe([("t1", "alice", "uid-1", "team-a|team-b"), ("t2", "bob", "uid-2", ""), ("t3", "carol", "uid-3", "ops")]);
    }

    [Test]
    public void Render_ThenParse_RoundTrips()
    {
        UserEntry[] entries = [new("t1", "alice", "alice", ["a", "b"]), new("t2", "bob", "bob", [])];
        UsersFile.Parse(UsersFile.Render(entries)).Select(e => (e.Token, e.Name, string.Join('|', e.Groups))).ShouldBe([("t1", "alice", "a|b"), ("t2", "bob", "")]);
    }

    [TestCase("only-a-token", "users file line 1: expected token,user,uid[,\"groups\"]")]
    [TestCase(",alice,uid", "users file line 1: expected token,user,uid[,\"groups\"]")]
    [TestCase("t,alice,uid,\"open", "users file line 1: unterminated quote")]
    public void Parse_BadLine_FailsWithTheLineNumber(string line, string message) =>
        Should.Throw<FormatException>(() => UsersFile.Parse(line)).Message.ShouldBe(message);

    [Test]
    public void TokenStore_KeepsAdminTokenFile_AndAdoptsOneFromAnOlderDataFolder()
    {
        var directory = Path.Combine(Path.GetTempPath(), "localkcp-tokens-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, TokenStore.AdminTokenFile), "old-admin-token\n");
            var store = TokenStore.LoadOrCreate(directory, adminToken: null);
            store.AdminToken.ShouldBe("old-admin-token", "a data folder from before users.csv keeps its admin token");
            store.Authenticate("old-admin-token")!.IsMaster.ShouldBeTrue();

            var again = TokenStore.LoadOrCreate(directory, adminToken: null);
            (again.AdminToken, again.KcpAdminToken).ShouldBe((store.AdminToken, store.KcpAdminToken));
            File.ReadAllText(Path.Combine(directory, TokenStore.AdminTokenFile)).ShouldBe(store.AdminToken);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
