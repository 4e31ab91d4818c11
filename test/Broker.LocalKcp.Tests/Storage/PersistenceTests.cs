using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Storage;
using Microsoft.Data.Sqlite;

namespace Broker.LocalKcp.Tests.Storage;

/// <summary>LocalKcp keeps its state under the data directory across stops, and refuses state it cannot trust.</summary>
public sealed class PersistenceTests : LocalKcpTestBase
{
    private string _directory = null!;

    [SetUp]
    public void NewDirectory() => _directory = Path.Combine(Path.GetTempPath(), "localkcp-persist-" + Guid.NewGuid().ToString("N")[..12]);

    [TearDown]
    public void RemoveDirectory()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public async Task Restart_SameDirectory_KeepsWorkspacesObjectsResourceVersionsAndCredentials()
    {
        int port;
        string token, thumbprint, configMapRv, uid, listRv, workspaceCluster;
        await using (var first = await StartAsync())
        {
            (port, token, thumbprint) = (first.Port, first.AdminToken, first.CaCertificate.Thumbprint);
            var team = await first.Bootstrap.CreateWorkspaceAsync("root:team", Timeout);
            workspaceCluster = team.Name;
            using var client = first.CreateHttpClient("clusters/root:team");
            var created = await CreateAsync(client, "api/v1/namespaces/default/configmaps", ConfigMap("kept", new JsonObject { ["k"] = "v" }));
            (configMapRv, uid) = (Str(created, "metadata", "resourceVersion")!, Str(created, "metadata", "uid")!);
            await CreateAsync(client, "api/v1/namespaces/default/configmaps", ConfigMap("deleted"));
            (await SendAsync(client, HttpMethod.Delete, "api/v1/namespaces/default/configmaps/deleted")).Code.ShouldBe(HttpStatusCode.OK);
            first.Faults.Compact();
            listRv = Str(await GetAsync(client, "api/v1/configmaps"), "metadata", "resourceVersion")!;
        }

        await using var second = await StartAsync(port);
        second.AdminToken.ShouldBe(token);
        second.CaCertificate.Thumbprint.ShouldBe(thumbprint);
        using var again = second.CreateHttpClient("clusters/root:team");
        var kept = await GetAsync(again, "api/v1/namespaces/default/configmaps/kept");
        (Str(kept, "metadata", "resourceVersion"), Str(kept, "metadata", "uid"), Str(kept, "data", "k")).ShouldBe((configMapRv, uid, "v"));
        (await SendAsync(again, HttpMethod.Get, "api/v1/namespaces/default/configmaps/deleted")).Code.ShouldBe(HttpStatusCode.NotFound);
        using var root = second.CreateHttpClient("clusters/root");
        var workspace = await GetAsync(root, "apis/tenancy.kcp.io/v1alpha1/workspaces/team");
        (Str(workspace, "spec", "cluster"), Str(workspace, "status", "phase")).ShouldBe((workspaceCluster, "Ready"));

        // The revision goes on past the deletion and the compaction; a watch from before the restart gets 410.
        var next = await CreateAsync(again, "api/v1/namespaces/default/configmaps", ConfigMap("after-restart"));
        long.Parse(Str(next, "metadata", "resourceVersion")!, CultureInfo.InvariantCulture).ShouldBeGreaterThan(long.Parse(listRv, CultureInfo.InvariantCulture));
        await using var watch = await WatchReader.OpenAsync(again, $"api/v1/configmaps?watch=true&resourceVersion={configMapRv}");
        (await watch.NextAsync())!["object"]!["code"]!.GetValue<int>().ShouldBe(410);
    }

    // A commit that ends in a put leaves its revision in that object's row only (the revision row is written for other
    // endings): a reopened store still goes on from the last revision handed out, however the last commit ended.
    [TestCase(false)]
    [TestCase(true)]
    public async Task Reopen_LastCommitEndingInAPutOrADelete_GoesOnFromTheLastRevision(bool endWithDelete)
    {
        var path = Path.Combine(_directory, "store", "shard.db");
        var configMaps = new StorageKey("", "configmaps");
        long last;
        using (var store = ObjectStore.Open("shard", path))
        {
            for (var i = 0; i < 3; i++)
            {
                store.Create(configMaps, new ObjectKey("c", "default", $"cm-{i}"), ConfigMap($"cm-{i}"));
                await store.WhenDurableAsync(CancellationToken.None); // one commit each
            }

            if (endWithDelete)
            {
                store.Delete(configMaps, new ObjectKey("c", "default", "cm-2"), null); // the newest row goes
                await store.WhenDurableAsync(CancellationToken.None);
            }

            last = store.Revision;
        }

        using var reopened = ObjectStore.Open("shard", path);
        reopened.Revision.ShouldBe(last + ObjectStore.RevisionWindow);
        reopened.Count.ShouldBe(endWithDelete ? 2 : 3);
    }

    [Test]
    public async Task Start_DirectoryHeldByAnotherServer_FailsWithOneLineUntilItStops()
    {
        await using (await StartAsync())
        {
            await using var second = new LocalKcpServer(Options());
            var error = await Should.ThrowAsync<StoredStateException>(() => second.StartAsync(Timeout));
            error.Message.ShouldContain("is in use by another LocalKcp");
            error.Message.ShouldNotContain("\n");
        }

        await using var third = await StartAsync();
        third.ControlPlane.Root.Name.ShouldBe("root");
    }

    [Test]
    public async Task Start_StoreFromNewerVersion_Fails()
    {
        await (await StartAsync()).DisposeAsync();
        await using (var connection = new SqliteConnection($"Data Source={StoreFile()};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            await command.ExecuteNonQueryAsync();
        }

        var error = await Should.ThrowAsync<StoredStateException>(StartAsync);
        error.Message.ShouldContain("was written by a newer LocalKcp (store format 99; this one reads up to 1)");
    }

    [Test]
    public async Task Start_TruncatedStore_FailsAndKeepsTheFile()
    {
        await using (var server = await StartAsync())
        {
            using var client = server.CreateHttpClient("clusters/root");
            for (var i = 0; i < 200; i++)
            {
                await CreateAsync(client, "api/v1/namespaces/default/configmaps", ConfigMap($"cm-{i}", new JsonObject { ["payload"] = new string('x', 500) }));
            }
        }

        var length = new FileInfo(StoreFile()).Length;
        await using (var file = File.OpenWrite(StoreFile()))
        {
            file.SetLength(length / 2);
        }

        var error = await Should.ThrowAsync<StoredStateException>(StartAsync);
        error.Message.ShouldContain(StoreFile());
        error.Message.ShouldNotContain("\n");
        new FileInfo(StoreFile()).Length.ShouldBe(length / 2);
    }

    [Test]
    public async Task Start_FewerShardsThanTheStore_Fails()
    {
        await (await StartAsync(shards: 2)).DisposeAsync();
        var error = await Should.ThrowAsync<StoredStateException>(() => StartAsync(shards: 1));
        error.Message.ShouldContain("start with the --shards it was created with");
    }

    [Test]
    public async Task Ephemeral_WritesNoStore()
    {
        await using (var server = new LocalKcpServer(Options() with { Ephemeral = true }))
        {
            await server.StartAsync(Timeout);
            using var client = server.CreateHttpClient("clusters/root");
            await CreateAsync(client, "api/v1/namespaces/default/configmaps", ConfigMap("memory-only"));
        }

        Directory.Exists(Path.Combine(_directory, "store")).ShouldBeFalse();
    }

    private string StoreFile() => Path.Combine(_directory, "store", "root.db");

    private LocalKcpOptions Options(int port = 0, int shards = 1) => new() { Port = port, DataDirectory = _directory, Shards = shards };

    private Task<LocalKcpServer> StartAsync() => StartAsync(0);

    private async Task<LocalKcpServer> StartAsync(int port = 0, int shards = 1)
    {
        var server = new LocalKcpServer(Options(port, shards));
        try
        {
            await server.StartAsync(Timeout);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }
}
