using System.Text.Json.Nodes;
using Broker.Controllers.Migrations.Configuration;
using Broker.Core.Api.Meta;
using Broker.Kcp.Models;
using Broker.Runtime.Cache;

namespace Broker.Controllers.Tests.Migrations.Configuration;

/// <summary>The cached view of MigrationConfigurations: lookup by the move's GVKs, one compilation per resourceVersion.</summary>
public sealed class MigrationConfigurationsTests
{
    private static readonly Uri Endpoint = new("https://127.0.0.1/clusters/platform/");
    private static readonly GroupVersionKind Certificate = new() { Group = "example.platform-mesh.io", Version = "v1alpha1", Kind = "Certificate" };
    private static readonly GroupVersionKind Database = new() { Group = "example.platform-mesh.io", Version = "v1alpha1", Kind = "Database" };

    [Test]
    public void Find_MatchesFromAndTo_FirstByName()
    {
        using var store = new ObjectStore(MigrationConfigurations.Resource);
        Apply(store, WatchEventType.Added, Configuration("zeta", "1", Certificate, Certificate));
        Apply(store, WatchEventType.Added, Configuration("alpha", "2", Certificate, Certificate));
        Apply(store, WatchEventType.Added, Configuration("aaa-databases", "3", Database, Database));
        Apply(store, WatchEventType.Added, Configuration("aaa-cross", "4", Certificate, Database));
        var configurations = new MigrationConfigurations(store);

        Name(configurations.Find(Certificate, Certificate)).ShouldBe("alpha");
        Name(configurations.Find(Certificate, Database)).ShouldBe("aaa-cross");
        configurations.Find(Database, Certificate).ShouldBeNull();
        configurations.Find(Certificate with { Version = "v1" }, Certificate with { Version = "v1" }).ShouldBeNull();
    }

    [Test]
    public void Compilation_IsReusedUntilTheResourceVersionChanges()
    {
        using var store = new ObjectStore(MigrationConfigurations.Resource);
        Apply(store, WatchEventType.Added, Configuration("certs", "1", Certificate, Certificate));
        var configurations = new MigrationConfigurations(store);

        var first = configurations.Find(Certificate, Certificate)!;
        configurations.Find(Certificate, Certificate)!.Compilation.ShouldBeSameAs(first.Compilation);
        configurations.TryGetCached(Key("certs"), out _, out var entry).ShouldBeTrue();
        entry!.Compilation.ShouldBeSameAs(first.Compilation);

        Apply(store, WatchEventType.Modified, Configuration("certs", "2", Certificate, Certificate, condition: "fromm.x == 1"));
        var second = configurations.Find(Certificate, Certificate)!;

        second.Compilation.ShouldNotBeSameAs(first.Compilation);
        (second.Configuration.Metadata.ResourceVersion, second.Compilation.IsValid).ShouldBe(("2", false));
        second.Compilation.Message.ShouldBe("stage \"copy\": successConditions[0]: 1:1: undeclared reference to 'fromm'");
    }

    [Test]
    public void Deleted_IsGoneAndForgotten()
    {
        using var store = new ObjectStore(MigrationConfigurations.Resource);
        var configuration = Configuration("certs", "1", Certificate, Certificate);
        Apply(store, WatchEventType.Added, configuration);
        var configurations = new MigrationConfigurations(store);
        configurations.Find(Certificate, Certificate).ShouldNotBeNull();

        Apply(store, WatchEventType.Deleted, configuration);

        configurations.Find(Certificate, Certificate).ShouldBeNull();
        configurations.TryGetCached(Key("certs"), out _, out _).ShouldBeFalse();
    }

    [Test]
    public void Unparseable_IsAnInvalidEntryNeverFound()
    {
        using var store = new ObjectStore(MigrationConfigurations.Resource);
        var broken = Configuration("broken", "1", Certificate, Certificate);
        broken["spec"]!["stages"] = "not a list";
        Apply(store, WatchEventType.Added, broken);
        var configurations = new MigrationConfigurations(store);

        configurations.Find(Certificate, Certificate).ShouldBeNull();
        configurations.TryGetCached(Key("broken"), out _, out var entry).ShouldBeTrue();
        entry!.Found.ShouldBeNull();
        entry.Generation.ShouldBe(1);
        entry.Compilation.Message.ShouldStartWith("does not parse: ");
    }

    private static ObjectKey Key(string name) => new("platform", "default", name);

    private static string? Name(FoundMigrationConfiguration? found) => found?.Configuration.Metadata.Name;

    private static void Apply(ObjectStore store, WatchEventType type, JsonObject obj) => store.Apply(Endpoint, new WatchEvent(type, obj));

    private static JsonObject Configuration(string name, string resourceVersion, GroupVersionKind from, GroupVersionKind to, string condition = "true") => new()
    {
        ["apiVersion"] = "broker.platform-mesh.io/v1alpha1",
        ["kind"] = "MigrationConfiguration",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = "default",
            ["resourceVersion"] = resourceVersion,
            ["generation"] = 1,
            ["annotations"] = new JsonObject { ["kcp.io/cluster"] = "platform" },
        },
        ["spec"] = new JsonObject
        {
            ["from"] = new JsonObject { ["group"] = from.Group, ["version"] = from.Version, ["kind"] = from.Kind },
            ["to"] = new JsonObject { ["group"] = to.Group, ["version"] = to.Version, ["kind"] = to.Kind },
            ["stages"] = new JsonArray(new JsonObject { ["name"] = "copy", ["successConditions"] = new JsonArray(condition) }),
        },
    };
}
