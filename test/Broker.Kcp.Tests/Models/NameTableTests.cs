using System.Text;
using System.Text.Json;
using Broker.Kcp.Models;

namespace Broker.Kcp.Tests.Models;

public sealed class NameTableTests
{
    [Test]
    public void Intern_EqualNamesFromStringsSpansAndJson_ShareTheFirstInstance()
    {
        var names = new NameTable();
        var first = new string("cert-1".AsSpan());

        names.Intern(first).ShouldBeSameAs(first);
        names.Intern(new string("cert-1".AsSpan())).ShouldBeSameAs(first);
        names.Intern("xcert-1".AsSpan(1)).ShouldBeSameAs(first);
        ReadString(names, "\"cert-1\"").ShouldBeSameAs(first);
        ReadString(names, "\"\\u0063ert-1\"").ShouldBeSameAs(first); // escaped in the JSON: unescaped before the look-up
        ReadString(names, "\"zertifikat-ü\"").ShouldBe("zertifikat-ü");
        ReadString(names, "\"zertifikat-ü\"").ShouldBeSameAs(ReadString(names, "\"zertifikat-ü\""));
        names.Intern("").ShouldBeSameAs(string.Empty);
        names.Count.ShouldBe(2);
    }

    [Test]
    public void Intern_LongerThanAName_ReturnedAsItIs_NotHeld()
    {
        var names = new NameTable();
        var longValue = new string('x', NameTable.LongestName + 1);

        names.Intern(longValue).ShouldBeSameAs(longValue);
        names.Intern(new string('x', NameTable.LongestName + 1)).ShouldNotBeSameAs(longValue);
        ReadString(names, $"\"{longValue}\"").ShouldBe(longValue);
        names.Count.ShouldBe(0);
    }

    [Test]
    public void Intern_ManyDistinctNames_StaysBounded_AndANameInUseKeepsItsInstanceAcrossGenerations()
    {
        var names = new NameTable();
        var kept = names.Intern(new string("kept".AsSpan()));
        var dropped = names.Intern(new string("dropped".AsSpan()));
        var most = 0;
        for (var i = 0; i < 100_000; i++)
        {
            names.Intern($"name-{i}");
            if (i % 1000 == 0)
            {
                names.Intern("kept").ShouldBeSameAs(kept); // looked up now and then: carried over
            }

            most = Math.Max(most, names.Count);
        }

        most.ShouldBeLessThan(100_000); // older generations were dropped
        names.Intern(new string("kept".AsSpan())).ShouldBeSameAs(kept);
        var again = new string("dropped".AsSpan());
        names.Intern(again).ShouldBeSameAs(again); // not looked up for two generations: gone from the table
        again.ShouldBe(dropped);
    }

    [Test]
    public void Intern_FromManyThreadsAtOnce_GivesEveryThreadTheSameInstances()
    {
        var names = new NameTable();
        var seen = new string[8][];

        Parallel.For(0, 8, t => seen[t] = [.. Enumerable.Range(0, 5_000).Select(i => names.Intern($"object-{i}"))]);

        for (var i = 0; i < 5_000; i++)
        {
            seen.Select(s => s[i]).Distinct(ReferenceEqualityComparer.Instance).Count().ShouldBe(1);
        }
    }

    [Test]
    public void ObjectHeader_ReadWithATable_NamesAreItsInstances_ResourceVersionIsNot()
    {
        var names = new NameTable();
        var json = """{"kind":"Certificate","metadata":{"name":"web","namespace":"default","resourceVersion":"5","annotations":{"kcp.io/cluster":"2ajfg8g3b6xbqxyz"}}}"""u8;

        var a = ObjectHeader.Read(json, names);
        var b = ObjectHeader.Read(json, names);
        var node = ObjectHeader.Of((System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(json)!, names);

        a.ShouldBe(new ObjectHeader("Certificate", "2ajfg8g3b6xbqxyz", "default", "web", "5", HasManagedFields: false));
        foreach (var other in new[] { b, node })
        {
            other.Kind.ShouldBeSameAs(a.Kind);
            other.Cluster.ShouldBeSameAs(a.Cluster);
            other.Namespace.ShouldBeSameAs(a.Namespace);
            other.Name.ShouldBeSameAs(a.Name);
        }

        b.ResourceVersion.ShouldNotBeSameAs(a.ResourceVersion);
        ObjectHeader.Read(json).Name.ShouldNotBeSameAs(a.Name); // without a table: strings of their own
    }

    private static string ReadString(NameTable names, string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return names.Read(ref reader);
    }
}
