using System.Diagnostics;

namespace Broker.Demo.Tests;

/// <summary>Runs the real kubectl, as the README tells a newcomer to.</summary>
internal static class Kubectl
{
    public static bool Available => File.Exists("/usr/bin/kubectl") || File.Exists("/usr/local/bin/kubectl");

    public static async Task<(int ExitCode, string Output)> RunAsync(string kubeconfig, params string[] arguments)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await output) + (await error));
    }
}
