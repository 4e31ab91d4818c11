using Broker.Kcp.Models;

namespace Broker.Kcp.Tests.Models;

public sealed class StringPoolTests
{
    [Test]
    public void Intern_EqualStrings_ShareTheFirstInstance_BoundedByCapacity()
    {
        var pool = new StringPool(capacity: 2);
        var first = new string('a', 3);

        pool.Intern(first).ShouldBeSameAs(first);
        pool.Intern(new string('a', 3)).ShouldBeSameAs(first);
        pool.Intern("b");
        pool.Intern("c"); // full: starts over

        pool.Count.ShouldBe(1);
        var again = new string('a', 3);
        pool.Intern(again).ShouldBeSameAs(again);
    }
}
