using Broker.Runtime.Controllers;

namespace Broker.Runtime.Tests.Controllers;

public sealed class ReconcileScopeTests
{
    [Test]
    public void Values_ControllerKeyAndOneIdPerPass()
    {
        var scope = new ReconcileScope<string>("placements", "abc|default/w");
        var other = new ReconcileScope<string>("placements", "abc|default/w");

        var values = scope.ToList();

        values.Select(v => v.Key).ShouldBe(["Controller", "Key", "ReconcileId"]);
        values[0].Value.ShouldBe("placements");
        values[1].Value.ShouldBe("abc|default/w");
        var id = values[2].Value.ShouldBeOfType<Guid>();
        id.ShouldNotBe(Guid.Empty);
        scope[2].Value.ShouldBe(id); // read again: the same pass, the same id
        other[2].Value.ShouldNotBe(id);
        scope.ToString().ShouldBe($"Controller:placements Key:abc|default/w ReconcileId:{id}");
    }

    [Test]
    public void Index_OutOfRange_Throws()
    {
        var scope = new ReconcileScope<int>("c", 1);

        Should.Throw<ArgumentOutOfRangeException>(() => scope[3]);
        Should.Throw<ArgumentOutOfRangeException>(() => scope[-1]);
        scope.Count.ShouldBe(3);
    }

    [Test]
    public async Task Id_ReadAtOnceByManyThreads_OneId()
    {
        var scope = new ReconcileScope<int>("c", 1);

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => scope[2].Value)));

        ids.Distinct().Count().ShouldBe(1);
    }
}
