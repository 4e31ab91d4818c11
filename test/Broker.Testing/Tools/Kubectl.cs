using System.Diagnostics;
using System.Text;

namespace Broker.Testing.Tools;

/// <summary>
/// Runs the real kubectl against LocalKcp: $KUBECTL, else kubectl on PATH, else .tools/kubectl/kubectl from
/// hack/ensure-tools.sh. Each instance keeps its own discovery cache, so tests never share stale discovery.
/// </summary>
public sealed class Kubectl(string executable, string kubeconfig, string cacheDirectory)
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Null when no kubectl is installed; a test should then <c>Assert.Ignore</c> and say how to get one.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("KUBECTL") is { Length: > 0 } fromEnv && File.Exists(fromEnv))
        {
            return fromEnv;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Where(d => d.Length > 0).Select(d => Path.Combine(d, "kubectl")).FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var tool = Path.Combine(dir.FullName, ".tools", "kubectl", "kubectl");
            if (File.Exists(tool))
            {
                return tool;
            }
        }

        return null;
    }

    public async Task<Result> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.Environment["KUBECONFIG"] = kubeconfig;
        foreach (var arg in (string[])["--cache-dir", cacheDirectory, .. args])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // a hung kubectl must not outlive the test
            throw;
        }

        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>Runs and returns standard output; a non-zero exit throws with everything kubectl printed.</summary>
    public async Task<string> OkAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var result = await RunAsync(args, cancellationToken);
        return result.ExitCode == 0
            ? result.Output
            : throw new InvalidOperationException($"kubectl {string.Join(' ', args)} exited with {result.ExitCode}:\n{result.Output}{result.Error}");
    }
}
