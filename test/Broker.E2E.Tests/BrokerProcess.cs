using System.Diagnostics;
using Broker.Testing;

namespace Broker.E2E.Tests;

/// <summary>Runs the real <c>broker</c> executable (built next to the tests) as a user would.</summary>
internal static class BrokerProcess
{
    /// <summary><c>dotnet broker.dll</c> with these arguments, in the repository root, its output redirected.</summary>
    public static ProcessStartInfo StartInfo(params IEnumerable<string> args) =>
        new("dotnet", [Path.Combine(AppContext.BaseDirectory, "broker.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
