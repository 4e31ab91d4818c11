using System.Diagnostics;

namespace Broker.Benchmarks.Scale;

/// <summary><c>SCALE_GCDUMP=file</c>: a dotnet-gcdump of the broker's process once every object is brokered, to see what
/// holds its bytes (<c>dotnet-gcdump report file</c>); a file ending in <c>.dmp</c> gets a full dotnet-dump instead, for
/// <c>dotnet-dump analyze</c> (<c>dumpheap -stat</c>, <c>gcroot</c>). Needs the tool on the PATH or in ~/.dotnet/tools.</summary>
internal static class HeapDump
{
    public static async Task CollectAsync(int processId, string path)
    {
        var name = path.EndsWith(".dmp", StringComparison.Ordinal) ? "dotnet-dump" : "dotnet-gcdump";
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", name);
        var start = new ProcessStartInfo(File.Exists(tool) ? tool : name) { UseShellExecute = false };
        foreach (var argument in new[] { "collect", "-p", processId.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", path })
        {
            start.ArgumentList.Add(argument);
        }

        using var dump = Process.Start(start) ?? throw new InvalidOperationException("dotnet-gcdump did not start");
        await dump.WaitForExitAsync();
        Console.WriteLine($"heap dump of the broker (process {processId}): {path} ({name} exit code {dump.ExitCode})");
    }
}
