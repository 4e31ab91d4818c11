using System.Text;
using Broker.Kcp.Http;

namespace Broker.Kcp.Tests.Http;

public sealed class PooledBufferWriterTests
{
    [Test]
    public void Grows_KeepingWhatWasWritten()
    {
        using var buffer = new PooledBufferWriter(16);
        var first = buffer.GetSpan(10);
        "0123456789"u8.CopyTo(first);
        buffer.Advance(10);

        var more = buffer.GetSpan(5000); // past what the first array holds
        more.Length.ShouldBeGreaterThanOrEqualTo(5000);
        more[..5000].Fill((byte)'x');
        buffer.Advance(5000);

        buffer.WrittenSpan.Length.ShouldBe(5010);
        Encoding.ASCII.GetString(buffer.WrittenSpan[..12]).ShouldBe("0123456789xx");
    }

    [Test]
    public void AdvancePastTheFreeSpace_Throws()
    {
        using var buffer = new PooledBufferWriter(16);
        var free = buffer.GetSpan().Length;

        Should.Throw<InvalidOperationException>(() => buffer.Advance(free + 1)).Message.ShouldContain("past the");
        Should.Throw<ArgumentOutOfRangeException>(() => buffer.Advance(-1));
    }
}
