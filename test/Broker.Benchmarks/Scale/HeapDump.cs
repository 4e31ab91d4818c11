using System.Globalization;
using Broker.Benchmarks.Brokering;

namespace Broker.Benchmarks.Scale;

/// <summary><c>SCALE_GCDUMP=file</c>: a dotnet-gcdump of the broker's process once every object is brokered, to see what
/// holds its bytes (<c>dotnet-gcdump report file</c>); a file ending in <c>.dmp</c> gets a full dotnet-dump instead, for
/// <c>dotnet-dump analyze</c> (<c>dumpheap -stat -live</c>, <c>dumpheap -strings</c>, <c>gcroot</c>).</summary>
internal static class HeapDump
{
    public static Task CollectAsync(int processId, string path) =>
        DiagnosticTool.RunAsync(path.EndsWith(".dmp", StringComparison.Ordinal) ? "dotnet-dump" : "dotnet-gcdump",
            "collect", "-p", processId.ToString(CultureInfo.InvariantCulture), "-o", path);
}
