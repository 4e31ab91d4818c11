using System.Diagnostics;

namespace Broker.Benchmarks.Brokering;

/// <summary>One of the .NET diagnostic tools (dotnet-trace, dotnet-gcdump, dotnet-dump) run against the broker's process: from
/// ~/.dotnet/tools when installed there (<c>dotnet tool install -g</c>), else from the PATH.</summary>
internal static class DiagnosticTool
{
    public static Process Start(string name, params IEnumerable<string> arguments)
    {
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", name);
        var start = new ProcessStartInfo(File.Exists(tool) ? tool : name) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start");
    }

    /// <summary>Runs the tool to its end and says how it ended.</summary>
    public static async Task RunAsync(string name, params IEnumerable<string> arguments)
    {
        using var tool = Start(name, arguments);
        await tool.StandardOutput.ReadToEndAsync();
        await tool.WaitForExitAsync();
        Console.WriteLine($"{name} {string.Join(' ', arguments)}: exit code {tool.ExitCode}");
    }
}
