namespace Broker.Demo.Tests;

public sealed class DemoInstructionsTests
{
    [Test]
    public void Render_KubeconfigPath_ExportsItAndNamesTheReadmeCommands()
    {
        var text = DemoInstructions.Render("/tmp/demo/admin.kubeconfig");

        text.ShouldContain("export KUBECONFIG=/tmp/demo/admin.kubeconfig");
        text.ShouldContain("-o jsonpath='{.data.tls\\.crt}'");
        text.ShouldContain("""-p '{"spec":{"fqdn":"app.corp.com"}}'""");
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Example, "README.md"));
        foreach (var command in text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("kubectl", StringComparison.Ordinal)))
        {
            readme.ShouldContain(command.Split(" -o ")[0].Split(" -p ")[0]);
        }
    }
}
