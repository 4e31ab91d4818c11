using Broker.LocalKcp.Hosting;

namespace Broker.Cli.Local;

/// <summary>Runs LocalKcp until Ctrl-C or SIGTERM, then shuts down cleanly (exit code 0).</summary>
internal static class LocalRunner
{
    public static async Task<int> RunAsync(LocalKcpOptions options, bool controlPlaneOnly, CancellationToken cancellationToken)
    {
        await using var server = new LocalKcpServer(options);
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"broker local: cannot start LocalKcp on 127.0.0.1:{options.Port}: {e.Message}");
            return 1;
        }

        Console.WriteLine($"LocalKcp is serving at {server.Url} ({options.Shards} shard{(options.Shards == 1 ? "" : "s")})");
        Console.WriteLine($"  root workspace: {server.Url}clusters/root");
        Console.WriteLine($"  kubeconfig:     {Path.GetFullPath(server.KubeconfigPath)}");
        Console.WriteLine($"  try:            KUBECONFIG={server.KubeconfigPath} kubectl get namespaces");
        if (!controlPlaneOnly)
        {
            Console.WriteLine("The broker itself is not wired into `broker local` yet; running the control plane only.");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.WriteLine("Shutting down LocalKcp.");
        }

        await server.StopAsync(CancellationToken.None);
        return 0;
    }
}
