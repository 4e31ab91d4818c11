using System.Diagnostics;
using Broker.Testing;

namespace Broker.Demo.Tests;

/// <summary>Runs the real kubectl, as the README tells a newcomer to.</summary>
internal static class Kubectl
{
    public static bool Available => File.Exists("/usr/bin/kubectl") || File.Exists("/usr/local/bin/kubectl");

    public static Task<(int ExitCode, string Output)> RunAsync(string kubeconfig, params string[] arguments) =>
        StartAsync("kubectl", ["--kubeconfig", kubeconfig, .. arguments], kubeconfig);

    /// <summary>A command line exactly as the README prints it (pipes included), with KUBECONFIG set.</summary>
    public static Task<(int ExitCode, string Output)> ShellAsync(string kubeconfig, string commandLine) =>
        StartAsync("bash", ["-o", "pipefail", "-c", commandLine], kubeconfig);

    private static async Task<(int ExitCode, string Output)> StartAsync(string program, string[] arguments, string kubeconfig)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        start.Environment["KUBECONFIG"] = kubeconfig;
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
