namespace Broker.Testing.Tools;

/// <summary>Where a command-line tool the tests drive is: the path in its variable ($KUBECTL, $HELM), else on PATH, else
/// .tools/&lt;name&gt;/&lt;name&gt; as hack/ensure-tools.sh unpacks it; null when none exists.</summary>
public static class ToolPath
{
    public static string? Find(string name, string variable)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnv && File.Exists(fromEnv))
        {
            return fromEnv;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, name);
            if (directory.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        var tool = RepositoryRoot.Combine(".tools", name, name);
        return File.Exists(tool) ? tool : null;
    }
}
