using System.Diagnostics;
using System.Text;

namespace Broker.Testing.Tools;

/// <summary>
/// Runs the real kubectl against LocalKcp: $KUBECTL, else kubectl on PATH (/usr/bin/kubectl), else
/// .tools/kubectl/kubectl from hack/ensure-tools.sh. Each instance has its own discovery cache. Commands run in the
/// repository root, so relative paths are the ones the READMEs print (examples/kcp-certs/certificate.yaml).
/// </summary>
public sealed class Kubectl(string executable, string kubeconfig, string cacheDirectory)
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    public static string? Find() => ToolPath.Find("kubectl", "KUBECTL");

    public Task<Result> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    public async Task<Result> RunWithInputAsync(string? stdin, params string[] args)
    {
        using var process = Start(args, stdin is not null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        return await CollectAsync(process);
    }

    /// <summary>Runs and returns standard output; a non-zero exit throws with everything kubectl printed.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        return result.ExitCode == 0
            ? result.Output
            : throw new InvalidOperationException($"kubectl {string.Join(' ', args)} exited with {result.ExitCode}:\n{result.All}");
    }

    /// <summary>
    /// Runs a command line exactly as a README prints it, pipes included, with bash -o pipefail; "kubectl" in it is
    /// this one (its folder comes first on PATH) with this kubeconfig and discovery cache.
    /// </summary>
    public async Task<Result> ShellAsync(string commandLine)
    {
        var info = StartInfo("bash", ["-o", "pipefail", "-c", commandLine], redirectInput: false);
        info.Environment["PATH"] = Path.GetDirectoryName(Path.GetFullPath(executable)) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        info.Environment["KUBECACHEDIR"] = cacheDirectory;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
        return await CollectAsync(process);
    }

    /// <summary>Starts a long-running kubectl (get -w) whose output lines are collected.</summary>
    public BackgroundKubectl StartBackground(params string[] args) => new(Start(args, redirectInput: false));

    private static async Task<Result> CollectAsync(Process process)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    private Process Start(string[] args, bool redirectInput) =>
        Process.Start(StartInfo(executable, ["--cache-dir", cacheDirectory, .. args], redirectInput))
        ?? throw new InvalidOperationException("kubectl did not start");

    private ProcessStartInfo StartInfo(string program, IEnumerable<string> args, bool redirectInput)
    {
        var info = new ProcessStartInfo(program, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            WorkingDirectory = RepositoryRoot.Path,
        };
        info.Environment["KUBECONFIG"] = kubeconfig;
        return info;
    }
}
